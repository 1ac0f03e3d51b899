using Fleet.Pki;

namespace Fleet.Pairing;

/// <summary>Setup codes, pairing windows, POS certificates and revocation (section <c>Fleet:Pairing</c>).</summary>
public sealed class PairingOptions
{
    public const string Section = "Fleet:Pairing";

    /// <summary>How long a code is valid; the contract's screen refreshes every 300 seconds.</summary>
    public TimeSpan CodeLifetime { get; set; } = TimeSpan.FromSeconds(300);

    /// <summary>How long "Generate Code" keeps a terminal handing out codes.</summary>
    public TimeSpan WindowDuration { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Failed redemptions attributable to a terminal before its window locks.</summary>
    public int MaxTerminalFailures { get; set; } = 5;

    /// <summary>How long a locked window stays locked.</summary>
    public TimeSpan TerminalLockDuration { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Failed redemptions one client address (IPv6: its /64) may make per
    /// <see cref="AddressFailureWindow"/>, counted cluster-wide; then it is refused with 429.</summary>
    public int MaxAddressFailures { get; set; } = 20;

    /// <summary>How long failures count, and how long an address's first block lasts.</summary>
    public TimeSpan AddressFailureWindow { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Each further block of an address in a row lasts twice as long, up to this (never
    /// less than <see cref="AddressFailureWindow"/>).</summary>
    public TimeSpan AddressMaxBackoff { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Renewals one certificate may make within <see cref="RenewalWindow"/>, counted
    /// cluster-wide; the next is refused with 429. A POS renews once a validity period; a stolen key
    /// renewing in a loop to mint certificates is what this stops.</summary>
    public int RenewalsPerCertificate { get; set; } = 3;

    /// <summary>How long renewals count, and how long a certificate's first block lasts.</summary>
    public TimeSpan RenewalWindow { get; set; } = TimeSpan.FromDays(1);

    /// <summary>How long a renewed certificate (POS or terminal) stays usable next to its renewal
    /// when the renewal is never used: the first use of the renewal supersedes it at once, and after
    /// this grace the gate refuses it and records it revoked (superseded). Checked when the old
    /// certificate is presented, so no timer runs per certificate. A renewal answer lost in transit
    /// must be retried within it.</summary>
    public TimeSpan RenewalGrace { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Lifetime of POS certificates (capped at the issuing CA's expiry).</summary>
    public TimeSpan CertificateValidity { get; set; } = ClientCertificateRequest.DefaultValidity;

    /// <summary>Key algorithm of POS certificates: <c>Rsa2048</c> (the contract's <c>BEGIN RSA PRIVATE KEY</c>) or <c>EcP256</c>.</summary>
    public LeafKeyAlgorithm KeyAlgorithm { get; set; } = LeafKeyAlgorithm.Rsa2048;

    /// <summary>Host name or IP address POS systems reach the device listener at, shown in the
    /// Details section. Defaults to the device listener's host, or the first configured host name
    /// when it listens on all addresses.</summary>
    public string? PublicHost { get; set; }

    /// <summary>The mTLS WebSocket warns the POS this long before its certificate expires.</summary>
    public TimeSpan ExpiryWarning { get; set; } = TimeSpan.FromDays(30);

    /// <summary>How often an open mTLS WebSocket renews its watch on the certificate grain.</summary>
    public TimeSpan WatchRenewal { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>nextUpdate - thisUpdate of the CRL.</summary>
    public TimeSpan CrlValidity { get; set; } = TimeSpan.FromDays(7);

    /// <summary>A CRL older than this is re-signed in the background after the next read, so
    /// nextUpdate never comes close.</summary>
    public TimeSpan CrlRefreshAfter { get; set; } = TimeSpan.FromDays(1);

    /// <summary>A revocation reaches the CRL at most this long after it was recorded: the first
    /// revocation after a signing starts this wait, and every revocation within it shares the one
    /// signing that ends it. The mTLS gate and OCSP refuse a revoked certificate at once; the CRL
    /// is the slow channel for relying parties outside Fleet.</summary>
    public TimeSpan CrlSigningInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a pairing WebSocket may stay silent before Fleet closes it (1008).</summary>
    public TimeSpan MessageTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>RSA keys generated ahead of demand (0 disables the pool).</summary>
    public int RsaKeyPoolSize { get; set; } = 8;

    public IEnumerable<string> Validate()
    {
        if (CodeLifetime <= TimeSpan.Zero) yield return "CodeLifetime must be positive.";
        if (WindowDuration < CodeLifetime) yield return "WindowDuration must be at least CodeLifetime.";
        if (MaxTerminalFailures < 1 || MaxAddressFailures < 1) yield return "Failure limits must be at least 1.";
        if (RenewalsPerCertificate < 1 || RenewalWindow <= TimeSpan.Zero)
            yield return "RenewalsPerCertificate must be at least 1 and RenewalWindow positive.";
        if (RenewalGrace <= TimeSpan.Zero) yield return "RenewalGrace must be positive.";
        if (TerminalLockDuration <= TimeSpan.Zero || AddressFailureWindow <= TimeSpan.Zero) yield return "Lock durations must be positive.";
        if (CertificateValidity <= TimeSpan.Zero) yield return "CertificateValidity must be positive.";
        if (MessageTimeout <= TimeSpan.Zero) yield return "MessageTimeout must be positive.";
        if (CrlValidity <= CrlRefreshAfter) yield return "CrlValidity must be longer than CrlRefreshAfter.";
        if (CrlSigningInterval <= TimeSpan.Zero || CrlSigningInterval >= CrlRefreshAfter)
            yield return "CrlSigningInterval must be positive and shorter than CrlRefreshAfter.";
        if (WatchRenewal <= TimeSpan.Zero) yield return "WatchRenewal must be positive.";
        if (RsaKeyPoolSize < 0) yield return "RsaKeyPoolSize must not be negative.";
    }
}
