using Fleet.Common;
using Fleet.Server.Audit;
using Fleet.Server.Health;
using Fleet.Storage.Presence;
using Fleet.Storage.ReadModel;
using Fleet.Terminals;
using Microsoft.Extensions.Options;

namespace Fleet.Server.Services;

/// <summary>Terminals, for the REST API and the dashboard alike. Health is derived here from the
/// last heartbeat and the configured window, the one rule both entry points show.</summary>
public sealed class TerminalService(
    IGrainFactory grains, FleetReadModel readModel, FleetClock time, IOptions<HealthOptions> health, AuditTrail audit,
    FleetHealthService fleetHealth, TerminalPresence presence, PresenceConfirmer confirmer, IOptions<PresenceOptions> presenceOptions)
{
    public TimeSpan OfflineAfter => health.Value.OfflineAfter;

    public TerminalHealth HealthOf(DateTimeOffset? lastSeen) =>
        TerminalHealthRules.Derive(lastSeen, time.GetUtcNow(), health.Value.OfflineAfter);

    /// <summary>A page of the fleet-wide list. An online/offline filter is told how much of the fleet
    /// it matches (from the health snapshot this silo already holds), which decides how the page is read.</summary>
    public async Task<Page<TerminalRow>> ListAsync(TerminalFilter filter, string? sort, int limit, string? cursor, CancellationToken ct = default)
    {
        if (filter.Health is "online" or "offline")
        {
            var counts = (await fleetHealth.ReadAsync(ct)).Counts.Terminals;
            filter = filter with { HealthShare = (filter.Health == "online" ? counts.Online : counts.Offline, counts.Total) };
        }
        return await readModel.ListTerminalsAsync(filter, sort, limit, cursor, time.GetUtcNow(), health.Value.OfflineAfter, ct);
    }

    /// <summary>The terminal as its grain holds it, with the latest sighting the read model has
    /// (unchanged heartbeats are recorded there, not in the grain).</summary>
    public async Task<TerminalView?> GetAsync(string terminalId)
    {
        if (!Ids.IsValid(terminalId)) return null;
        var view = await grains.GetGrain<ITerminalGrain>(terminalId).Get();
        if (view is null) return null;
        return await presence.ReadAsync(terminalId) is { } seen ? view.WithPresence(seen.LastSeen, seen.Battery) : view;
    }

    public Task<CommandResult<TerminalView>> SaveAsync(string terminalId, TerminalDefinition definition) =>
        Ids.Check("terminalId", terminalId) is { } error
            ? Task.FromResult(CommandResult<TerminalView>.Invalid(error))
            : audit.IfChangedAsync(grains.GetGrain<ITerminalGrain>(terminalId).Upsert(definition),
                AuditTrail.Upserted("terminal"), AuditTargets.Terminal, terminalId,
                _ => new { kind = definition.Kind.ToString().ToLowerInvariant(), definition.SerialNumber, definition.StoreId, definition.Model, definition.AppVersion });

    public Task<CommandResult<TerminalView>> DecommissionAsync(string terminalId) =>
        Ids.IsValid(terminalId)
            ? audit.IfChangedAsync(grains.GetGrain<ITerminalGrain>(terminalId).Decommission(),
                AuditTrail.Always("terminal.decommissioned"), AuditTargets.Terminal, terminalId)
            : Task.FromResult(CommandResult<TerminalView>.NotFound($"Terminal '{terminalId}' does not exist."));

    /// <summary>A heartbeat. One that changes nothing (same report, no offline gap) is recorded in the
    /// read model directly, durable before the answer, without the terminal's grain; the rest (first
    /// report, changed report, return from offline, unknown terminal) go to the grain.</summary>
    public async Task<CommandResult<HeartbeatRecord>> HeartbeatAsync(string terminalId, Heartbeat heartbeat)
    {
        if (!Ids.IsValid(terminalId)) return CommandResult<HeartbeatRecord>.NotFound($"Terminal '{terminalId}' is not registered.");
        if (presenceOptions.Value.DirectHeartbeats && heartbeat.Validate().Count == 0)
        {
            var now = time.GetUtcNow();
            var check = new PresenceCheck(terminalId, now.ToUnixTimeMilliseconds(), heartbeat.BatteryPercent,
                (now - health.Value.OfflineAfter).ToUnixTimeMilliseconds(),
                heartbeat.AppVersion, heartbeat.IpAddress, heartbeat.LocalPort, heartbeat.Status);
            if (await confirmer.ConfirmAsync(check)) return CommandResult<HeartbeatRecord>.Ok(CommandStatus.Updated, new HeartbeatRecord(now, heartbeat));
        }
        return await grains.GetGrain<ITerminalGrain>(terminalId).Heartbeat(heartbeat);
    }
}
