namespace Fleet.Pki;

/// <summary>The identity an enrolled terminal's certificate carries, read back from its SANs.</summary>
/// <param name="TerminalId">From <c>urn:fleet:enrolled-terminal:</c>.</param>
/// <param name="StoreId">From <c>urn:fleet:store:</c>.</param>
/// <param name="SerialNumber">Canonical serial (see <see cref="SerialNumbers"/>).</param>
/// <param name="NotBefore">Start of validity.</param>
/// <param name="NotAfter">End of validity.</param>
public sealed record TerminalCertificateInfo(
    string TerminalId,
    string StoreId,
    string SerialNumber,
    DateTimeOffset NotBefore,
    DateTimeOffset NotAfter);
