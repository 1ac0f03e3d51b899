using Fleet.Common;
using Fleet.Server.Audit;
using Fleet.Storage.ReadModel;
using Fleet.Stores;
using Fleet.Terminals;
using Microsoft.Extensions.Options;

namespace Fleet.Server.Services;

/// <summary>Stores, for the REST API and the dashboard alike: id checks, the grain call and the
/// read-model list, so that neither entry point carries rules of its own.</summary>
public sealed class StoreService(IGrainFactory grains, FleetReadModel readModel, FleetClock time, IOptions<HealthOptions> health, AuditTrail audit)
{
    public Task<Page<StoreRow>> ListAsync(string? corporateId, string? sort, int limit, string? cursor, CancellationToken ct = default) =>
        readModel.ListStoresAsync(corporateId, sort, limit, cursor, time.GetUtcNow(), health.Value.OfflineAfter, ct);

    /// <summary>The store with its devices; terminals' last-seen times come from presence in the read
    /// model, which is fresher than the store grain's copy (check-ins are not sent to the store).</summary>
    public async Task<StoreView?> GetAsync(string storeId, CancellationToken ct = default)
    {
        if (!Ids.IsValid(storeId)) return null;
        var view = await grains.GetGrain<IStoreGrain>(storeId).Get();
        if (view is null || view.Terminals.Count == 0) return view;
        var seen = await readModel.LastSeenInStoreAsync(storeId, ct);
        return view with
        {
            Terminals = view.Terminals
                .Select(t => seen.TryGetValue(t.TerminalId, out var at) && !(t.LastSeen >= at) ? t with { LastSeen = at } : t)
                .ToArray(),
        };
    }

    /// <summary>Creates or updates (idempotent); Invalid names the offending fields.</summary>
    public Task<CommandResult<StoreView>> SaveAsync(string storeId, StoreDefinition definition) =>
        Ids.Check("storeId", storeId) is { } error
            ? Task.FromResult(CommandResult<StoreView>.Invalid(error))
            : audit.IfChangedAsync(grains.GetGrain<IStoreGrain>(storeId).Upsert(definition),
                AuditTrail.Upserted("store"), AuditTargets.Store, storeId,
                _ => new { definition.Name, definition.TimeZone, definition.CorporateId });

    /// <summary>Refused (Conflict) while terminals or POS are attached.</summary>
    public Task<CommandResult<StoreView>> DecommissionAsync(string storeId) =>
        Ids.IsValid(storeId)
            ? audit.IfChangedAsync(grains.GetGrain<IStoreGrain>(storeId).Decommission(),
                AuditTrail.Always("store.decommissioned"), AuditTargets.Store, storeId)
            : Task.FromResult(CommandResult<StoreView>.NotFound($"Store '{storeId}' does not exist."));
}
