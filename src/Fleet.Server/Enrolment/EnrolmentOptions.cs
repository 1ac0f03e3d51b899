using Fleet.Pki;
using Fleet.Server.Throttling;

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

    /// <summary><c>Fleet:Enrolment:AddressFailures</c>: refused enrolments per client address (IPv6:
    /// its /64), counted cluster-wide, before <c>POST /enrol</c> answers 429 with <c>Retry-After</c>.
    /// The code space already defeats guessing; this keeps a guesser from costing Fleet a grain call
    /// per try. A success from the address forgives its count (a store enrolling many terminals
    /// behind one address, with the odd typo, is not blocked).</summary>
    public BrakeOptions AddressFailures { get; set; } = new BrakeOptions().With(20, TimeSpan.FromMinutes(15), TimeSpan.FromHours(1));

    public IEnumerable<string> Validate()
    {
        foreach (var problem in AddressFailures.Problems("AddressFailures")) yield return problem;
        if (CodeLifetime <= TimeSpan.Zero) yield return "CodeLifetime must be positive.";
        if (CertificateValidity <= TimeSpan.Zero) yield return "CertificateValidity must be positive.";
        if (MaxCodesPerStore is < 1 or > 100_000) yield return "MaxCodesPerStore must be between 1 and 100000.";
    }
}
