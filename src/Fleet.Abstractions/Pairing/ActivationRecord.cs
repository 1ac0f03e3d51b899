namespace Fleet.Pairing;

/// <summary>A certificate issued to a POS through a terminal: what the terminal keeps and shows as
/// "POS Activation Successful".</summary>
[GenerateSerializer, Immutable, Alias("fleet.activation-record")]
public sealed record ActivationRecord(
    [property: Id(0)] string PosId,
    [property: Id(1)] string SerialNumber,
    [property: Id(2)] DateTimeOffset ActivatedAt,
    [property: Id(3)] DateTimeOffset NotAfter);
