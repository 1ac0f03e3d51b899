namespace Fleet.Storage.ReadModel;

/// <summary>Certificate totals for the health report.</summary>
/// <param name="Active">Unrevoked and unexpired.</param>
/// <param name="ExpiringSoon">Active and expiring within the asked window.</param>
/// <param name="Revoked">Revoked and not yet expired (the CRL's size).</param>
public sealed record CertificateCounts(int Active, int ExpiringSoon, int Revoked);
