using Orleans.Concurrency;

namespace Fleet.Pki;

/// <summary>The fleet's certificate revocation list (key "fleet"), its one owner. A revocation only
/// marks it stale; the grain signs a new CRL at most once per <c>Fleet:Pairing:CrlSigningInterval</c>
/// on its own timer, so a burst of N revocations costs one signing and no revoke waits for one.
/// Reads are served from memory: the last signed CRL, which is what a CRL is (the mTLS gate and
/// OCSP answer from the certificate grains at once).</summary>
[Alias("fleet.crl")]
public interface ICrlGrain : IGrainWithStringKey
{
    public const string FleetKey = "fleet";

    /// <summary>The last signed CRL; signed here only when there is none yet or it has expired.</summary>
    [Alias("get"), AlwaysInterleave]
    Task<CrlSnapshot> Get();

    /// <summary>A revocation was recorded (in the read model, before this call): the next signing,
    /// within the signing interval, lists it.</summary>
    [Alias("mark-stale"), AlwaysInterleave]
    Task MarkStale();

    /// <summary>Signs now if a revocation is waiting (what the timer does when the interval ends);
    /// the current CRL either way.</summary>
    [Alias("sign-if-stale")]
    Task<CrlSnapshot> SignIfStale();

    /// <summary>Signs now, stale or not (the issuing CA was replaced).</summary>
    [Alias("regenerate")]
    Task<CrlSnapshot> Regenerate();
}
