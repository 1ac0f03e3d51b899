using Fleet.Pki;

namespace Fleet.Server.Enrolment;

/// <summary>Terminal enrolment: one-time codes and the terminals' own certificates (section <c>Fleet:Enrolment</c>).</summary>
public sealed class EnrolmentOptions
{
    public const string Section = "Fleet:Enrolment";

    /// <summary>How long an enrolment code stays redeemable: long enough to carry it to the store.</summary>
    public TimeSpan CodeLifetime { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Lifetime of a terminal's certificate (capped at the issuing CA's expiry); the terminal renews it over mutual TLS.</summary>
    public TimeSpan CertificateValidity { get; set; } = TerminalCertificateRequest.DefaultValidity;

    /// <summary>The most codes one bulk request for a store issues: a store with more terminals gets them one by one.</summary>
    public int MaxCodesPerStore { get; set; } = 1000;

    public IEnumerable<string> Validate()
    {
        if (CodeLifetime <= TimeSpan.Zero) yield return "CodeLifetime must be positive.";
        if (CertificateValidity <= TimeSpan.Zero) yield return "CertificateValidity must be positive.";
        if (MaxCodesPerStore is < 1 or > 100_000) yield return "MaxCodesPerStore must be between 1 and 100000.";
    }
}
