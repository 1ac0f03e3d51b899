using Fleet.Common;

namespace Fleet.Pos;

/// <summary>What a deployment script or an operator says a POS system (cash register) is. The
/// posId itself is the key: the acceptance app's contract calls it "a unique, user-defined ID".</summary>
[GenerateSerializer, Immutable, Alias("fleet.pos-definition")]
public sealed record PosDefinition(
    [property: Id(0)] string StoreId,
    [property: Id(1)] string? Name)
{
    public IReadOnlyList<FieldError> Validate() => Validation.Collect(
        Ids.Check("storeId", StoreId),
        Text.Optional("name", Name, 200));
}
