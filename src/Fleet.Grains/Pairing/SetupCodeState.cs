namespace Fleet.Pairing;

[GenerateSerializer, Alias("fleet.setup-code-state")]
public sealed class SetupCodeState
{
    [Id(0)] public string TerminalId { get; set; } = "";
    [Id(1)] public DateTimeOffset ExpiresAt { get; set; }
    [Id(2)] public DateTimeOffset? UsedAt { get; set; }
    [Id(3)] public string? UsedByPos { get; set; }
}
