using Fleet.Common;

namespace Fleet.Pos;

/// <summary>What a deployment script or an operator says a POS system (cash register) is. The store
/// and the posId ("a unique, user-defined ID" in the acceptance app's contract) are its identity
/// (<see cref="PosKey"/>), so <see cref="StoreId"/> must be the store the POS was created in.</summary>
[GenerateSerializer, Immutable, Alias("fleet.pos-definition")]
public sealed record PosDefinition(
    [property: Id(0)] string StoreId,
    [property: Id(1)] string? Name)
{
    public IReadOnlyList<FieldError> Validate() => Validation.Collect(
        Ids.Check("storeId", StoreId),
        Text.Optional("name", Name, 200));
}
