namespace Fleet.Pki;

/// <summary>The facts of an issued POS client certificate, recorded before the bundle is handed out.</summary>
/// <param name="SerialNumber">Canonical serial (lower-case hex).</param>
/// <param name="Kind">How it came to be: "pairing" or "renewal".</param>
[GenerateSerializer, Immutable, Alias("fleet.certificate-record")]
public sealed record CertificateRecord(
    [property: Id(0)] string SerialNumber,
    [property: Id(1)] string PosId,
    [property: Id(2)] string TerminalId,
    [property: Id(3)] string StoreId,
    [property: Id(4)] DateTimeOffset NotBefore,
    [property: Id(5)] DateTimeOffset NotAfter,
    [property: Id(6)] DateTimeOffset IssuedAt,
    [property: Id(7)] string Kind);
