namespace Fleet.Licences;

/// <summary>What a POS (and its store's summary) keeps about the activation linked to it, enough to
/// derive the licence status on read without calling the activation grain.</summary>
[GenerateSerializer, Immutable, Alias("fleet.licence-link")]
public sealed record LicenceLink(
    [property: Id(0)] string ProductionNumber,
    [property: Id(1)] LicenceApproval Approval,
    [property: Id(2)] DateTimeOffset ValidFrom,
    [property: Id(3)] DateTimeOffset ValidTo,
    [property: Id(4)] DateTimeOffset LinkedAt)
{
    public LicenceStatus StatusAt(DateTimeOffset now) => LicenceStatusRules.Derive(Approval, ValidFrom, ValidTo, now);
}
