using Fleet.Common;
using Fleet.Storage.Presence;
using Fleet.Stores;
using Microsoft.Extensions.Options;

namespace Fleet.Terminals;

/// <summary>One terminal. Heartbeats are the hot path, and most never reach this grain: one that
/// only says "still here" (same report, no offline gap) is recorded straight in the read model by
/// the silo that received it (<see cref="PresenceConfirmer"/>). What does come here is what the
/// terminal's state keeps: its first report, a changed report (status, app version, address, port)
/// and a return after an offline gap, each written before the answer as a new history span. A
/// terminal that keeps reporting the same thing therefore needs no activation at all: memory follows
/// the terminals whose state is being read or changed, not every terminal that reports. An
/// activation is let go after two quiet minutes rather than Orleans' default idle time.</summary>
[CollectionAgeLimit(Minutes = 2)]
public sealed partial class TerminalGrain(
    [PersistentState(TerminalGrain.StateName, FleetStorage.Name)] IPersistentState<TerminalState> terminal,
    IGrainFactory grains,
    IOptions<HealthOptions> health,
    FleetClock time,
    TerminalPresence presence) : Grain, ITerminalGrain, IIncomingGrainCallFilter
{
    /// <summary>The name its state is stored under (an import creates terminals' state directly).</summary>
    public const string StateName = "terminal";

    private TerminalState State => terminal.State;
    private bool Exists => terminal.RecordExists && State.Definition is not null;

    /// <summary>The freshest heartbeat this activation knows; newer than the stored one while only presence has moved.</summary>
    private HeartbeatRecord? _latest;

    /// <summary>The write in flight, so that a write never overlaps another (both would carry the same ETag).</summary>
    private Task _writing = Task.CompletedTask;

    /// <summary>Writes queued or running; when none is, <see cref="_writing"/> lets go of the finished one.</summary>
    private int _writes;

    /// <summary>While this activation holds no record it reads again before each call: a bulk import
    /// may have created the terminal in storage since (see <c>ImportJobGrain</c>). Only unknown ids pay
    /// for this, once per call.</summary>
    public async Task Invoke(IIncomingGrainCallContext context)
    {
        if (!terminal.RecordExists)
        {
            await terminal.ReadStateAsync();
            if (terminal.RecordExists) await OnActivateAsync(CancellationToken.None);
        }
        await context.Invoke();
    }

    public override async Task OnActivateAsync(CancellationToken ct)
    {
        State.ShareRepeatedReports();
        _latest = State.LastHeartbeat;
        // Unchanged heartbeats are recorded in the read model, not in this state: it may know a later
        // check-in. The report itself cannot differ (changes are written here before answering).
        if (Exists && _latest is not null && await presence.ReadAsync(this.GetPrimaryKeyString(), ct) is { } seen
            && seen.LastSeen > _latest.ReceivedAt)
        {
            _latest = new HeartbeatRecord(seen.LastSeen, _latest.Report with { BatteryPercent = seen.Battery });
        }
    }

    // Nothing to write when going idle: every report worth keeping was written before its answer,
    // and last-seen times travel with presence, which is flushed on shutdown.
    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken ct) => WhenWrittenAsync();

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
        if (_latest is not null) State.RecordSighting(_latest);
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
        var changed = known is null || HeartbeatReports.DiffersInSubstance(known.Report, heartbeat);
        var seen = known is null ? null : await LastSeenAsync(now, exact: changed);
        var returned = seen is { } last && now - last > health.Value.OfflineAfter;
        // An unchanged report shares the instance already held.
        _latest = new HeartbeatRecord(now, _latest?.Report == heartbeat ? _latest.Report : heartbeat);

        if (changed || returned)
        {
            if (seen is { } until) State.ExtendLastSpan(until);
            State.Remember(_latest);
            await WriteAsync();
            // The store's summary shows the app version (the reported one, else the defined one) and
            // nothing else a heartbeat changes: last-seen times come from the read model.
            if ((known?.Report.AppVersion ?? State.Definition!.AppVersion) != (heartbeat.AppVersion ?? State.Definition!.AppVersion))
                await grains.GetGrain<IStoreGrain>(State.Definition!.StoreId).AttachTerminal(Summary(State.Definition));
            return CommandResult<HeartbeatRecord>.Ok(CommandStatus.Updated, _latest);
        }

        // Reached here only when the read model could not take it directly (or the silo sends every
        // heartbeat to its grain): presence, written behind.
        presence.Record(State.TerminalId, now, heartbeat.BatteryPercent);
        return CommandResult<HeartbeatRecord>.Ok(CommandStatus.Updated, _latest);
    }

    /// <summary>When the terminal was last seen. Heartbeats recorded in the read model pass this
    /// activation by, so the read model is asked when the time is needed <paramref name="exact"/>ly
    /// (to close a history span) or when what this activation holds is old enough to mean a gap.</summary>
    private async Task<DateTimeOffset?> LastSeenAsync(DateTimeOffset now, bool exact)
    {
        var held = _latest?.ReceivedAt;
        if (!exact && held is { } h && now - h <= health.Value.OfflineAfter) return h;
        var stored = await presence.ReadAsync(this.GetPrimaryKeyString());
        return stored is { } p && (held is null || p.LastSeen > held) ? p.LastSeen : held;
    }

    public async Task<CommandResult<TerminalView>> Decommission()
    {
        if (!Exists) return CommandResult<TerminalView>.NotFound($"Terminal '{this.GetPrimaryKeyString()}' does not exist.");
        var last = View();
        await EndPairingAsync();
        await EndCredentialAsync();
        await WhenWrittenAsync();
        presence.Forget(last.TerminalId);
        await terminal.ClearStateAsync();
        terminal.State = new TerminalState { TerminalId = last.TerminalId };
        _latest = null;
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
        _writes++;
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
        try
        {
            await terminal.WriteStateAsync();
        }
        catch
        {
            // Memory now holds what storage does not: a retried heartbeat would find its report
            // "unchanged" and answer without writing it. The next call gets a fresh activation that
            // reads what is stored.
            DeactivateOnIdle();
            throw;
        }
        finally
        {
            // A finished write need not be held: a quiet activation keeps no task alive.
            if (--_writes == 0) _writing = Task.CompletedTask;
        }
    }

    private TerminalSummary Summary(TerminalDefinition definition) => new(
        this.GetPrimaryKeyString(), definition.Kind, definition.SerialNumber, definition.Model,
        _latest?.Report.AppVersion ?? definition.AppVersion, _latest?.ReceivedAt);

    private TerminalView View()
    {
        var view = new TerminalView(State.TerminalId, State.Definition!, State.LastHeartbeat, State.CreatedAt, State.UpdatedAt,
            State.History.ToList());
        return _latest is { } latest ? view.WithPresence(latest.ReceivedAt, latest.Report.BatteryPercent) : view;
    }

}
