namespace Fleet.Pki;

/// <summary>How a recorded certificate came to be (<see cref="CertificateRecord.Kind"/>), which also
/// says whose it is: a POS's (pairing, renewal) or an enrolled terminal's own (enrolment,
/// terminal-renewal).</summary>
public static class CertificateKinds
{
    public const string Pairing = "pairing";
    public const string Renewal = "renewal";
    public const string Enrolment = "enrolment";
    public const string TerminalRenewal = "terminal-renewal";

    /// <summary>True for a terminal's own certificate: it has no POS.</summary>
    public static bool IsTerminal(string kind) => kind is Enrolment or TerminalRenewal;
}
