namespace Fleet.Pairing;

/// <summary>A certificate issued to a POS through a terminal: what the terminal keeps and shows as
/// "POS Activation Successful".</summary>
[GenerateSerializer, Immutable, Alias("fleet.activation-record")]
public sealed record ActivationRecord(
    [property: Id(0)] string PosId,
    [property: Id(1)] string SerialNumber,
    [property: Id(2)] DateTimeOffset ActivatedAt,
    [property: Id(3)] DateTimeOffset NotAfter,
    [property: Id(4)] string? StoreId = null)
{
    /// <summary>The POS's Fleet id; a record kept before the store was recorded takes the
    /// terminal's store (a terminal pairs only POS of its own store).</summary>
    public string PosKeyIn(string terminalStoreId) => Pos.PosKey.Of(StoreId ?? terminalStoreId, PosId);
}
