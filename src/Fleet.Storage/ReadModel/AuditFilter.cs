namespace Fleet.Storage.ReadModel;

/// <summary>Filters of the audit list; each null means "any". <see cref="From"/> is inclusive,
/// <see cref="To"/> exclusive; <see cref="ActionPrefix"/> matches whole segments or a beginning
/// (<c>store.</c>, <c>pos</c>).</summary>
public sealed record AuditFilter(
    string? Actor = null,
    string? ActionPrefix = null,
    string? TargetType = null,
    string? TargetId = null,
    DateTimeOffset? From = null,
    DateTimeOffset? To = null);
