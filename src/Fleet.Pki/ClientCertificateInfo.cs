namespace Fleet.Pki;

/// <summary>The Fleet identity carried by a client certificate, read back from its SANs.</summary>
/// <param name="PosId">From <c>urn:fleet:pos:</c>.</param>
/// <param name="TerminalId">From <c>urn:fleet:terminal:</c>.</param>
/// <param name="StoreId">From <c>urn:fleet:store:</c>, or the subject OU for certificates without it.</param>
/// <param name="SerialNumber">Canonical serial (see <see cref="SerialNumbers"/>).</param>
/// <param name="NotBefore">Start of validity.</param>
/// <param name="NotAfter">End of validity.</param>
public sealed record ClientCertificateInfo(
    string PosId,
    string TerminalId,
    string? StoreId,
    string SerialNumber,
    DateTimeOffset NotBefore,
    DateTimeOffset NotAfter);
