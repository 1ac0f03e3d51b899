namespace Fleet.Access;

/// <summary>What the host needs to check a sign-in and to keep a session honest: the password
/// hash, the role, and a stamp that changes whenever role or password change (sessions carrying
/// an older stamp are ended).</summary>
[GenerateSerializer, Immutable, Alias("fleet.dashboard-credential")]
public sealed record DashboardCredential(
    [property: Id(0)] string UserName,
    [property: Id(1)] ApiRole Role,
    [property: Id(2)] string PasswordHash,
    [property: Id(3)] string SecurityStamp);
