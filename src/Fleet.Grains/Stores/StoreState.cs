using Fleet.Common;
using Fleet.Pos;
using Fleet.Storage;
using Fleet.Terminals;

namespace Fleet.Stores;

[GenerateSerializer, Alias("fleet.store-state")]
public sealed class StoreState : IProjectedState
{
    [Id(0)] public string StoreId { get; set; } = "";
    [Id(1)] public StoreDefinition? Definition { get; set; }
    [Id(2)] public DateTimeOffset CreatedAt { get; set; }
    [Id(3)] public DateTimeOffset UpdatedAt { get; set; }
    [Id(4)] public Dictionary<string, TerminalSummary> Terminals { get; set; } = new(StringComparer.Ordinal);
    [Id(5)] public Dictionary<string, PosSummary> Pos { get; set; } = new(StringComparer.Ordinal);

    public ReadModelRow ToReadModelRow(string grainKey) => Definition is null
        ? new ReadModelRow("stores", StoreId, null)
        : new ReadModelRow("stores", StoreId, new Dictionary<string, object?>
        {
            ["name"] = Definition.Name,
            ["time_zone"] = Definition.TimeZone,
            ["corporate_id"] = Definition.CorporateId,
            ["terminal_count"] = Terminals.Count,
            ["pos_count"] = Pos.Count,
            ["created_at_ms"] = UnixTime.Ms(CreatedAt),
            ["updated_at_ms"] = UnixTime.Ms(UpdatedAt),
        });
}
