using Fleet.Licences;

namespace Fleet.Pos;

/// <summary>A POS system as the API and dashboard show it.</summary>
[GenerateSerializer, Immutable, Alias("fleet.pos-view")]
public sealed record PosView(
    [property: Id(0)] string PosId,
    [property: Id(1)] PosDefinition Definition,
    [property: Id(2)] DateTimeOffset CreatedAt,
    [property: Id(3)] DateTimeOffset UpdatedAt,
    [property: Id(4)] LicenceLink? Licence = null)
{
    /// <summary>The Fleet id (store and posId, <see cref="PosKey"/>): how URLs address this POS.</summary>
    public string Id => PosKey.Of(Definition.StoreId, PosId);
}
