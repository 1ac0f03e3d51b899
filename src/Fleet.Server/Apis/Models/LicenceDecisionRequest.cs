namespace Fleet.Server.Apis.Models;

/// <summary>Body of approve (optional <c>note</c>), reject and revoke (required <c>reason</c>).</summary>
public sealed record LicenceDecisionRequest(string? Reason, string? Note);
