using Fleet.Common;
using Fleet.OrderNPay;
using Fleet.Pos;
using Fleet.Terminals;

namespace Fleet.Stores;

/// <summary>A store and the summaries of its devices. Summaries change only when a device's
/// identity changes; the last-seen times terminals push are kept in memory and written with the
/// next structural change, because they are derived health, not facts an operator entered.</summary>
public sealed class StoreGrain(
    [PersistentState("store", FleetStorage.Name)] IPersistentState<StoreState> store,
    FleetClock time) : Grain, IStoreGrain
{
    private StoreState State => store.State;
    private bool Exists => store.RecordExists && State.Definition is not null;

    public async Task<CommandResult<StoreView>> Upsert(StoreDefinition definition)
    {
        var errors = definition.Validate();
        if (errors.Count > 0) return CommandResult<StoreView>.Invalid([.. errors]);

        var created = !Exists;
        if (!created && State.Definition == definition) return CommandResult<StoreView>.Ok(CommandStatus.Unchanged, View());

        var now = time.GetUtcNow();
        State.StoreId = this.GetPrimaryKeyString();
        if (created) State.CreatedAt = now;
        State.Definition = definition;
        State.UpdatedAt = now;
        await store.WriteStateAsync();
        return CommandResult<StoreView>.Ok(created ? CommandStatus.Created : CommandStatus.Updated, View());
    }

    public Task<StoreView?> Get() => Task.FromResult(Exists ? View() : null);

    public async Task<CommandResult<StoreView>> Decommission()
    {
        if (!Exists) return CommandResult<StoreView>.NotFound($"Store '{this.GetPrimaryKeyString()}' does not exist.");
        if (State.Terminals.Count > 0 || State.Pos.Count > 0)
            return CommandResult<StoreView>.Conflict(
                $"Store '{State.StoreId}' still has {State.Terminals.Count} terminal(s) and {State.Pos.Count} POS; "
                + "decommission or move them first.");
        // The store id is the outlet's ProviderOutletID: removing the store under a live
        // integration would strand its queue and leave PowerEPOS pointing at nothing.
        if (await GrainFactory.GetGrain<IOutletGrain>(State.StoreId).Get() is not null)
            return CommandResult<StoreView>.Conflict(
                $"Store '{State.StoreId}' has an Order N Pay integration; remove it first (DELETE /api/v1/stores/{State.StoreId}/order-n-pay).");
        var last = View();
        await store.ClearStateAsync();
        store.State = new StoreState { StoreId = this.GetPrimaryKeyString() };
        return CommandResult<StoreView>.Ok(CommandStatus.Deleted, last);
    }

    public async Task<CommandResult<StoreView>> AttachTerminal(TerminalSummary summary)
    {
        if (!Exists) return CommandResult<StoreView>.NotFound($"Store '{this.GetPrimaryKeyString()}' does not exist.");
        State.Terminals.TryGetValue(summary.TerminalId, out var known);
        State.Terminals[summary.TerminalId] = summary;
        if (known is null || known with { LastSeen = summary.LastSeen } != summary)
            await WriteAsync();
        return CommandResult<StoreView>.Ok(CommandStatus.Updated, null);
    }

    public async Task<CommandResult<StoreView>> AttachTerminals(IReadOnlyList<TerminalSummary> summaries)
    {
        if (!Exists) return CommandResult<StoreView>.NotFound($"Store '{this.GetPrimaryKeyString()}' does not exist.");
        var changed = false;
        foreach (var summary in summaries)
        {
            State.Terminals.TryGetValue(summary.TerminalId, out var known);
            var merged = summary.LastSeen is null && known is not null ? summary with { LastSeen = known.LastSeen } : summary;
            if (known == merged) continue;
            State.Terminals[summary.TerminalId] = merged;
            changed |= known is null || known with { LastSeen = merged.LastSeen } != merged;
        }
        if (changed) await WriteAsync();
        return CommandResult<StoreView>.Ok(changed ? CommandStatus.Updated : CommandStatus.Unchanged, null);
    }

    public async Task DetachTerminal(string terminalId)
    {
        if (Exists && State.Terminals.Remove(terminalId)) await WriteAsync();
    }

    public async Task<CommandResult<StoreView>> AttachPos(PosSummary summary)
    {
        if (!Exists) return CommandResult<StoreView>.NotFound($"Store '{this.GetPrimaryKeyString()}' does not exist.");
        if (State.Pos.TryGetValue(summary.PosId, out var known) && known == summary)
            return CommandResult<StoreView>.Ok(CommandStatus.Unchanged, null);
        State.Pos[summary.PosId] = summary;
        await WriteAsync();
        return CommandResult<StoreView>.Ok(CommandStatus.Updated, null);
    }

    public async Task DetachPos(string posId)
    {
        if (Exists && State.Pos.Remove(posId)) await WriteAsync();
    }

    private Task WriteAsync()
    {
        State.UpdatedAt = time.GetUtcNow();
        return store.WriteStateAsync();
    }

    private StoreView View() => new(
        State.StoreId, State.Definition!.Name, State.Definition.TimeZone, State.Definition.CorporateId,
        State.CreatedAt, State.UpdatedAt,
        State.Terminals.Values.OrderBy(t => t.TerminalId, StringComparer.Ordinal).ToArray(),
        State.Pos.Values.OrderBy(p => p.PosId, StringComparer.Ordinal).ToArray());
}
