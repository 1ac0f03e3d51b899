namespace Fleet.Pos;

/// <summary>The certificate part of a POS's state: the current (latest) certificate and every
/// unrevoked one, with its expiry.</summary>
[GenerateSerializer, Alias("fleet.pos-certificate-state")]
public sealed class PosCertificateState
{
    [Id(0)] public string? CurrentSerial { get; set; }
    [Id(1)] public string? TerminalId { get; set; }
    [Id(2)] public DateTimeOffset? CurrentNotAfter { get; set; }
    [Id(3)] public Dictionary<string, DateTimeOffset> Active { get; set; } = new(StringComparer.Ordinal);
}
