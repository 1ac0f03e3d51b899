namespace Fleet.Pki;

/// <summary>What to put into a POS client certificate. The caller has already decided the request is allowed.</summary>
public sealed record ClientCertificateRequest
{
    /// <summary>Default lifetime: 397 days, the longest the CA/Browser Forum allows for TLS leaves, a ceiling clients commonly enforce.</summary>
    public static readonly TimeSpan DefaultValidity = TimeSpan.FromDays(397);

    /// <summary>The POS system's own identifier (user-defined in the pairing contract).</summary>
    public required string PosId { get; init; }

    /// <summary>The terminal the POS system is paired with.</summary>
    public required string TerminalId { get; init; }

    /// <summary>The store, when known; goes into the subject OU and a <c>urn:fleet:store:</c> SAN.</summary>
    public string? StoreId { get; init; }

    /// <summary>Key algorithm of the new key pair.</summary>
    public LeafKeyAlgorithm KeyAlgorithm { get; init; } = LeafKeyAlgorithm.Rsa2048;

    /// <summary>Requested lifetime; capped at the issuing certificate's expiry.</summary>
    public TimeSpan Validity { get; init; } = DefaultValidity;
}
