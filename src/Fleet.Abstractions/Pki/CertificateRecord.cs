namespace Fleet.Pki;

/// <summary>The facts of an issued client certificate (a POS's, or an enrolled terminal's own),
/// recorded before the bundle is handed out.</summary>
/// <param name="SerialNumber">Canonical serial (lower-case hex).</param>
/// <param name="PosId">The POS; empty for a terminal's own certificate.</param>
/// <param name="TerminalId">The terminal the POS paired through, or the terminal itself.</param>
/// <param name="Kind">How it came to be: see <see cref="CertificateKinds"/>.</param>
/// <param name="RenewedFrom">The predecessor's serial when this certificate is a renewal (POS or
/// terminal): the link that lets a revocation reach the whole lineage. Null for a pairing or an
/// enrolment, and for renewals recorded before lineage existed.</param>
[GenerateSerializer, Immutable, Alias("fleet.certificate-record")]
public sealed record CertificateRecord(
    [property: Id(0)] string SerialNumber,
    [property: Id(1)] string PosId,
    [property: Id(2)] string TerminalId,
    [property: Id(3)] string StoreId,
    [property: Id(4)] DateTimeOffset NotBefore,
    [property: Id(5)] DateTimeOffset NotAfter,
    [property: Id(6)] DateTimeOffset IssuedAt,
    [property: Id(7)] string Kind,
    [property: Id(8)] string? RenewedFrom = null)
{
    /// <summary>An enrolled terminal's own certificate (no POS behind it).</summary>
    public bool IsTerminalCredential => CertificateKinds.IsTerminal(Kind);
}
