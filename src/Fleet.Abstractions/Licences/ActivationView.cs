namespace Fleet.Licences;

/// <summary>An activation as the API, the handshake and the descriptor show it: never the key or
/// its hash.</summary>
[GenerateSerializer, Immutable, Alias("fleet.activation-view")]
public sealed record ActivationView(
    [property: Id(0)] string ProductionNumber,
    [property: Id(1)] ActivationDefinition Definition,
    [property: Id(2)] LicenceApproval Approval,
    [property: Id(3)] DateTimeOffset ValidFrom,
    [property: Id(4)] DateTimeOffset ValidTo,
    [property: Id(5)] DateTimeOffset CreatedAt,
    [property: Id(6)] DateTimeOffset UpdatedAt,
    [property: Id(7)] DateTimeOffset KeyIssuedAt,
    [property: Id(8)] DateTimeOffset? DecidedAt)
{
    public LicenceStatus StatusAt(DateTimeOffset now) => LicenceStatusRules.Derive(Approval, ValidFrom, ValidTo, now);
}
