using Fleet.Common;
using Fleet.Stores;
using Microsoft.Extensions.Options;

namespace Fleet.Terminals;

/// <summary>One terminal. Heartbeats are the hot path: the latest one is answered from memory, and
/// it is written (with the store's summary) only when it says something new or when the stored
/// last-seen time is older than <see cref="HealthOptions.PersistLastSeenEvery"/>.</summary>
public sealed partial class TerminalGrain(
    [PersistentState("terminal", FleetStorage.Name)] IPersistentState<TerminalState> terminal,
    IGrainFactory grains,
    IOptions<HealthOptions> health,
    FleetClock time) : Grain, ITerminalGrain
{
    private TerminalState State => terminal.State;
    private bool Exists => terminal.RecordExists && State.Definition is not null;
    private HeartbeatRecord? _latest;

    public override Task OnActivateAsync(CancellationToken ct)
    {
        _latest = State.LastHeartbeat;
        return Task.CompletedTask;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken ct)
    {
        // Keep the freshest last-seen time when the grain goes idle or its silo shuts down cleanly.
        // Only our own state: during a shutdown the store grain may already be gone, and waiting
        // on it would hold the silo up for a call timeout per terminal.
        if (Exists && _latest != State.LastHeartbeat)
        {
            State.Remember(_latest);
            await terminal.WriteStateAsync(ct);
        }
    }

    public async Task<CommandResult<TerminalView>> Upsert(TerminalDefinition definition)
    {
        var errors = definition.Validate();
        if (errors.Count > 0) return CommandResult<TerminalView>.Invalid([.. errors]);

        var created = !Exists;
        var previousStore = State.Definition?.StoreId;
        if (!created && State.Definition == definition) return CommandResult<TerminalView>.Ok(CommandStatus.Unchanged, View());

        // The store is asked first: it refuses an unknown store before anything is written here.
        var attached = await grains.GetGrain<IStoreGrain>(definition.StoreId)
            .AttachTerminal(Summary(definition));
        if (attached.Status == CommandStatus.NotFound)
            return CommandResult<TerminalView>.Invalid(new FieldError("storeId", $"Store '{definition.StoreId}' does not exist."));

        var now = time.GetUtcNow();
        State.TerminalId = this.GetPrimaryKeyString();
        if (created) State.CreatedAt = now;
        State.Definition = definition;
        State.Remember(_latest);
        State.UpdatedAt = now;
        await terminal.WriteStateAsync();

        if (previousStore is not null && previousStore != definition.StoreId)
            await grains.GetGrain<IStoreGrain>(previousStore).DetachTerminal(State.TerminalId);
        return CommandResult<TerminalView>.Ok(created ? CommandStatus.Created : CommandStatus.Updated, View());
    }

    public Task<TerminalView?> Get() => Task.FromResult(Exists ? View() : null);

    public async Task<CommandResult<HeartbeatRecord>> Heartbeat(Heartbeat heartbeat)
    {
        if (!Exists) return CommandResult<HeartbeatRecord>.NotFound($"Terminal '{this.GetPrimaryKeyString()}' is not registered.");
        var errors = heartbeat.Validate();
        if (errors.Count > 0) return CommandResult<HeartbeatRecord>.Invalid([.. errors]);

        _latest = new HeartbeatRecord(time.GetUtcNow(), heartbeat);
        var stored = State.LastHeartbeat;
        if (stored is null || stored.Report != heartbeat
            || _latest.ReceivedAt - stored.ReceivedAt >= health.Value.PersistLastSeenEvery)
        {
            await PersistHeartbeatAsync();
        }
        return CommandResult<HeartbeatRecord>.Ok(CommandStatus.Updated, _latest);
    }

    public async Task<CommandResult<TerminalView>> Decommission()
    {
        if (!Exists) return CommandResult<TerminalView>.NotFound($"Terminal '{this.GetPrimaryKeyString()}' does not exist.");
        var last = View();
        await EndPairingAsync();
        await terminal.ClearStateAsync();
        terminal.State = new TerminalState { TerminalId = last.TerminalId };
        _latest = null;
        await grains.GetGrain<IStoreGrain>(last.Definition.StoreId).DetachTerminal(last.TerminalId);
        return CommandResult<TerminalView>.Ok(CommandStatus.Deleted, last);
    }

    private async Task PersistHeartbeatAsync()
    {
        State.Remember(_latest);
        await terminal.WriteStateAsync();
        await grains.GetGrain<IStoreGrain>(State.Definition!.StoreId).AttachTerminal(Summary(State.Definition));
    }

    private TerminalSummary Summary(TerminalDefinition definition) => new(
        this.GetPrimaryKeyString(), definition.Kind, definition.SerialNumber, definition.Model,
        _latest?.Report.AppVersion ?? definition.AppVersion, _latest?.ReceivedAt);

    private TerminalView View()
    {
        // The stored history, and the latest heartbeat too while it is only in memory.
        var history = State.History.ToList();
        if (_latest is not null && (history.Count == 0 || history[^1] != _latest)) history.Add(_latest);
        return new TerminalView(State.TerminalId, State.Definition!, _latest, State.CreatedAt, State.UpdatedAt, history);
    }
}
