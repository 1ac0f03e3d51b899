using Fleet.Common;
using Fleet.Storage.Presence;
using Fleet.Stores;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fleet.Terminals;

/// <summary>One terminal. Heartbeats are the hot path and never wait for a write of their own: a
/// report that changes something (status, app version, address, port) is written before the answer,
/// but a heartbeat that only says "still here" updates memory and the silo's write-behind presence
/// buffer (<see cref="TerminalPresence"/>), and joins the health history at most every
/// <see cref="HealthOptions.HistorySampleEvery"/>. A terminal silent for five minutes is offline
/// anyway, so its activation goes then (writing what it held) rather than after Orleans' default
/// idle time: memory follows the terminals that are reporting, not every terminal ever seen.</summary>
[CollectionAgeLimit(Minutes = 5)]
public sealed partial class TerminalGrain(
    [PersistentState("terminal", FleetStorage.Name)] IPersistentState<TerminalState> terminal,
    IGrainFactory grains,
    IOptions<HealthOptions> health,
    FleetClock time,
    TerminalPresence presence,
    ILogger<TerminalGrain> logger) : Grain, ITerminalGrain
{
    private TerminalState State => terminal.State;
    private bool Exists => terminal.RecordExists && State.Definition is not null;

    /// <summary>The freshest heartbeat; newer than the stored one while only presence has moved.</summary>
    private HeartbeatRecord? _latest;

    /// <summary>When the state first held something not yet written (a history sample), if it does.</summary>
    private DateTimeOffset? _unwrittenSince;

    /// <summary>The write in flight: a background history write and a command's write never overlap,
    /// because both would carry the same ETag.</summary>
    private Task _writing = Task.CompletedTask;

    public override async Task OnActivateAsync(CancellationToken ct)
    {
        State.ShareRepeatedReports();
        _latest = State.LastHeartbeat;
        // Presence is written behind: after a crash the read model may know a later check-in than
        // the stored state. The report itself cannot differ (changes are written before answering).
        if (Exists && _latest is not null && await presence.ReadAsync(this.GetPrimaryKeyString(), ct) is { } seen
            && seen.LastSeen > _latest.ReceivedAt)
        {
            _latest = new HeartbeatRecord(seen.LastSeen, _latest.Report with { BatteryPercent = seen.Battery });
        }
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken ct)
    {
        // Keep the freshest heartbeat and any history samples when the grain goes idle or its silo
        // shuts down cleanly. Only our own state: during a shutdown the store grain may already be
        // gone, and waiting on it would hold the silo up for a call timeout per terminal.
        if (Exists && (_latest != State.LastHeartbeat || _unwrittenSince is not null))
        {
            State.Remember(_latest);
            await WriteAsync();
        }
        else
        {
            await WhenWrittenAsync();
        }
    }

    public Task<CommandResult<TerminalView>> Upsert(TerminalDefinition definition) => UpsertAsync(definition, storeHasSummary: false);

    public Task<CommandResult<TerminalView>> UpsertAttached(TerminalDefinition definition) => UpsertAsync(definition, storeHasSummary: true);

    private async Task<CommandResult<TerminalView>> UpsertAsync(TerminalDefinition definition, bool storeHasSummary)
    {
        var errors = definition.Validate();
        if (errors.Count > 0) return CommandResult<TerminalView>.Invalid([.. errors]);

        var created = !Exists;
        var previousStore = State.Definition?.StoreId;
        if (!created && State.Definition == definition) return CommandResult<TerminalView>.Ok(CommandStatus.Unchanged, View());

        // The store is asked first: it refuses an unknown store before anything is written here.
        // An import attached the summary it could build from the definition; a terminal that has
        // reported since knows better (its app version), and says so.
        if (!storeHasSummary || _latest is not null)
        {
            var attached = await grains.GetGrain<IStoreGrain>(definition.StoreId)
                .AttachTerminal(Summary(definition));
            if (attached.Status == CommandStatus.NotFound)
                return CommandResult<TerminalView>.Invalid(new FieldError("storeId", $"Store '{definition.StoreId}' does not exist."));
        }

        var now = time.GetUtcNow();
        State.TerminalId = this.GetPrimaryKeyString();
        if (created) State.CreatedAt = now;
        State.Definition = definition;
        State.Remember(_latest);
        State.UpdatedAt = now;
        await WriteAsync();

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

        var now = time.GetUtcNow();
        var known = State.LastHeartbeat;
        // An unchanged report shares the instance already held, so history samples cost a record each, not a copy.
        _latest = new HeartbeatRecord(now, _latest?.Report == heartbeat ? _latest.Report : heartbeat);

        if (known is null || HeartbeatReports.DiffersInSubstance(known.Report, heartbeat))
        {
            State.Remember(_latest);
            await WriteAsync();
            if (known?.Report.AppVersion != heartbeat.AppVersion)
                await grains.GetGrain<IStoreGrain>(State.Definition!.StoreId).AttachTerminal(Summary(State.Definition));
            return CommandResult<HeartbeatRecord>.Ok(CommandStatus.Updated, _latest);
        }

        presence.Record(State.TerminalId, now, heartbeat.BatteryPercent);
        if (now - known.ReceivedAt >= health.Value.HistorySampleEvery)
        {
            State.Remember(_latest);
            _unwrittenSince ??= now;
        }
        if (now - _unwrittenSince >= health.Value.HistoryWriteEvery) WriteInBackground();
        return CommandResult<HeartbeatRecord>.Ok(CommandStatus.Updated, _latest);
    }

    public async Task<CommandResult<TerminalView>> Decommission()
    {
        if (!Exists) return CommandResult<TerminalView>.NotFound($"Terminal '{this.GetPrimaryKeyString()}' does not exist.");
        var last = View();
        await EndPairingAsync();
        await WhenWrittenAsync();
        presence.Forget(last.TerminalId);
        await terminal.ClearStateAsync();
        terminal.State = new TerminalState { TerminalId = last.TerminalId };
        _latest = null;
        _unwrittenSince = null;
        await grains.GetGrain<IStoreGrain>(last.Definition.StoreId).DetachTerminal(last.TerminalId);
        return CommandResult<TerminalView>.Ok(CommandStatus.Deleted, last);
    }

    /// <summary>Waits for the write in flight; its failure was its own caller's (or logged, if it ran in the background).</summary>
    private async Task WhenWrittenAsync()
    {
        try
        {
            await _writing;
        }
        catch (Exception)
        {
        }
    }

    /// <summary>Writes the state after any write still in flight.</summary>
    private Task WriteAsync()
    {
        _writing = WriteAfterAsync(_writing);
        return _writing;
    }

    private async Task WriteAfterAsync(Task previous)
    {
        try
        {
            await previous;
        }
        catch (Exception)
        {
            // That write's own caller saw its failure; this one still has to be attempted.
        }
        var unwrittenSince = _unwrittenSince;
        _unwrittenSince = null;
        try
        {
            await terminal.WriteStateAsync();
        }
        catch
        {
            // Memory now holds what storage does not: a retried heartbeat would find its report
            // "unchanged" and answer without writing it. The next call gets a fresh activation that
            // reads what is stored; this one still tries to keep what it held when it goes.
            _unwrittenSince ??= unwrittenSince;
            DeactivateOnIdle();
            throw;
        }
    }

    /// <summary>History samples, written without holding up the heartbeat that found them old.</summary>
    private void WriteInBackground() => _ = WriteInBackgroundAsync();

    private async Task WriteInBackgroundAsync()
    {
        try
        {
            await WriteAsync();
        }
        catch (Exception e)
        {
            // Nothing was acknowledged on its account; WriteAfterAsync has already let this activation go.
            LogBackgroundWriteFailed(logger, e, State.TerminalId);
        }
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Background history write of terminal {TerminalId} failed.")]
    private static partial void LogBackgroundWriteFailed(ILogger logger, Exception exception, string terminalId);
}
