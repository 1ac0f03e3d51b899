namespace Fleet.Pki;

/// <summary>
/// The identity of an enrolled terminal: <c>urn:fleet:enrolled-terminal:{terminalId}</c>. A POS
/// certificate names the terminal it paired through with <c>urn:fleet:terminal:</c>, so a terminal's
/// own certificate needs a name of its own: a relying party that reads only "terminal" SANs must not
/// take a POS for the terminal. Fleet itself also requires <see cref="FleetKeyPurposes.Terminal"/>.
/// </summary>
internal static partial class FleetUrns
{
    public const string EnrolledTerminalPrefix = "urn:fleet:enrolled-terminal:";

    public static string EnrolledTerminal(string terminalId) => EnrolledTerminalPrefix + Uri.EscapeDataString(terminalId);

    /// <summary><c>terminal:{terminalId}</c>, cut like the POS's CN: for people, not for Fleet.</summary>
    public static string TerminalCommonName(string terminalId) => CommonName("terminal:" + terminalId);
}
