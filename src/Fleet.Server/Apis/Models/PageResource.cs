namespace Fleet.Server.Apis.Models;

/// <summary>One page of a list; pass <c>nextCursor</c> as <c>?cursor=</c> for the next one.</summary>
public sealed record PageResource<T>(IReadOnlyList<T> Items, string? NextCursor);
