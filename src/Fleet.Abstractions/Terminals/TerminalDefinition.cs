using Fleet.Common;

namespace Fleet.Terminals;

/// <summary>What a deployment script or an operator says a terminal is.</summary>
[GenerateSerializer, Immutable, Alias("fleet.terminal-definition")]
public sealed record TerminalDefinition(
    [property: Id(0)] TerminalKind Kind,
    [property: Id(1)] string SerialNumber,
    [property: Id(2)] string StoreId,
    [property: Id(3)] string? Model,
    [property: Id(4)] string? AppVersion)
{
    public IReadOnlyList<FieldError> Validate() => Validation.Collect(
        Text.Required("serialNumber", SerialNumber, 64),
        Ids.Check("storeId", StoreId),
        Text.Optional("model", Model, 100),
        Text.Optional("appVersion", AppVersion, 50));
}
