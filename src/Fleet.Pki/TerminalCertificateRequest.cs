namespace Fleet.Pki;

/// <summary>What to put into an enrolled terminal's own client certificate. The caller has already
/// decided the request is allowed (an enrolment code was spent, or the terminal renews over mTLS).</summary>
public sealed record TerminalCertificateRequest
{
    /// <summary>Default lifetime: short, because a terminal renews over mutual TLS on its own.</summary>
    public static readonly TimeSpan DefaultValidity = TimeSpan.FromDays(30);

    /// <summary>The terminal the certificate speaks for.</summary>
    public required string TerminalId { get; init; }

    /// <summary>The terminal's store; goes into the subject OU and a <c>urn:fleet:store:</c> SAN.</summary>
    public required string StoreId { get; init; }

    /// <summary>Requested lifetime; capped at the issuing certificate's expiry.</summary>
    public TimeSpan Validity { get; init; } = DefaultValidity;
}
