namespace Fleet.Storage.ReadModel;

/// <summary>Activations by derived status. The statuses partition <see cref="Total"/>;
/// <see cref="ExpiringSoon"/> is the part of <see cref="Active"/> ending within 30 days.</summary>
public sealed record LicenceCounts(
    int Total, int PendingApproval, int Active, int ExpiringSoon, int NotYetValid, int Expired, int Rejected, int Revoked);
