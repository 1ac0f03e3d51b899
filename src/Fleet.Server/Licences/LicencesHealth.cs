namespace Fleet.Server.Licences;

/// <summary>The <c>licences</c> health section: activations by derived status. Serializable: it
/// travels inside the fleet health snapshot.</summary>
[GenerateSerializer, Immutable, Alias("fleet.health.licences")]
public sealed record LicencesHealth(
    [property: Id(0)] int Total, [property: Id(1)] int PendingApproval, [property: Id(2)] int Active,
    [property: Id(3)] int ExpiringSoon, [property: Id(4)] int NotYetValid, [property: Id(5)] int Expired,
    [property: Id(6)] int Rejected, [property: Id(7)] int Revoked);
