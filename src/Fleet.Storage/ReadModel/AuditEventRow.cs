namespace Fleet.Storage.ReadModel;

/// <summary>One row of the append-only audit trail. <see cref="Actor"/> is <c>api-key:{id}</c>,
/// <c>user:{name}</c>, <c>pos:{posId}</c> or <c>system</c>; <see cref="ActorName"/> is what a person
/// reads (the key's name and role, the user name). <see cref="Detail"/> is a short JSON object and
/// never holds a secret.</summary>
public sealed record AuditEventRow(
    string Id,
    DateTimeOffset At,
    string Actor,
    string ActorKind,
    string? ActorName,
    string? ClientAddress,
    string Action,
    string TargetType,
    string? TargetId,
    string? Detail);
