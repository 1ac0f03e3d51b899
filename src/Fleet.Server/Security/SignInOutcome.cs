using Fleet.Access;

namespace Fleet.Server.Security;

/// <summary>How a dashboard sign-in ended: the credential and a fresh device cookie on success;
/// otherwise refused, braked (<see cref="RetryAfter"/>) or turned away because this silo's hashing
/// turns were all taken (<see cref="Busy"/>).</summary>
public sealed record SignInOutcome(DashboardCredential? Credential, string? DeviceCookie, TimeSpan? RetryAfter, bool Busy)
{
    public static readonly SignInOutcome Refused = new(null, null, null, false);
    public static readonly SignInOutcome TooBusy = new(null, null, null, true);

    public static SignInOutcome Throttled(TimeSpan wait) => new(null, null, wait, false);

    public static SignInOutcome SignedIn(DashboardCredential credential, string deviceCookie) => new(credential, deviceCookie, null, false);
}
