using Fleet.Server.Throttling;

namespace Fleet.Server.Security;

/// <summary>Section <c>Fleet:ApiKeys</c>: how long a silo trusts an API key it has verified, and the
/// brake on guessing keys.</summary>
public sealed class ApiKeyCacheOptions
{
    public const string Section = "Fleet:ApiKeys";

    /// <summary>The longest revocation takes to reach the other silos (a revocation through this
    /// silo applies at once). At most 5 s; zero turns the cache off (every request asks the grain).</summary>
    public TimeSpan VerificationCacheTtl { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Verified keys kept per silo. Only keys that verified are kept, so the bound is about
    /// the number of live keys in use, never about what an attacker sends.</summary>
    public int VerificationCacheSize { get; set; } = 10_000;

    /// <summary><c>Fleet:ApiKeys:Guessing</c>: wrong keys per client address (IPv6: its /64),
    /// counted cluster-wide, before that address gets 429 for keys it has not used successfully.</summary>
    public BrakeOptions Guessing { get; set; } = new BrakeOptions().With(20, TimeSpan.FromMinutes(1), TimeSpan.FromHours(1));

    public bool IsValid =>
        VerificationCacheTtl >= TimeSpan.Zero && VerificationCacheTtl <= TimeSpan.FromSeconds(5) && VerificationCacheSize >= 0
        && !Guessing.Problems("Guessing").Any();
}
