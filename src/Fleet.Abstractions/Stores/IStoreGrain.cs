using Fleet.Common;
using Fleet.Pos;
using Fleet.Terminals;

namespace Fleet.Stores;

/// <summary>A merchant's outlet. Keyed by store id. Keeps the summaries of its terminals and POS so
/// that reading a store costs one grain call whatever its size.</summary>
[Alias("fleet.store")]
public interface IStoreGrain : IGrainWithStringKey
{
    [Alias("upsert")]
    Task<CommandResult<StoreView>> Upsert(StoreDefinition definition);

    [Alias("get")]
    Task<StoreView?> Get();

    /// <summary>Refused with a conflict while terminals or POS are still attached.</summary>
    [Alias("decommission")]
    Task<CommandResult<StoreView>> Decommission();

    /// <summary>Records a terminal's summary; refused (NotFound) when the store does not exist.</summary>
    [Alias("attach-terminal")]
    Task<CommandResult<StoreView>> AttachTerminal(TerminalSummary summary);

    /// <summary>Records many terminals' summaries in one write (a bulk import's chunk); a summary
    /// without a last-seen time keeps the one already known. NotFound when the store does not exist.</summary>
    [Alias("attach-terminals")]
    Task<CommandResult<StoreView>> AttachTerminals(IReadOnlyList<TerminalSummary> summaries);

    [Alias("detach-terminal")]
    Task DetachTerminal(string terminalId);

    /// <summary>Records a POS's summary; refused (NotFound) when the store does not exist.</summary>
    [Alias("attach-pos")]
    Task<CommandResult<StoreView>> AttachPos(PosSummary summary);

    [Alias("detach-pos")]
    Task DetachPos(string posId);
}
