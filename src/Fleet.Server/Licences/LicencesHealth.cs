namespace Fleet.Server.Licences;

/// <summary>The <c>licences</c> health section: activations by derived status.</summary>
public sealed record LicencesHealth(
    int Total, int PendingApproval, int Active, int ExpiringSoon, int NotYetValid, int Expired, int Rejected, int Revoked);
