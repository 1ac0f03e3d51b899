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

    public async Task<StoreView?> GetAsync(string storeId) =>
        Ids.IsValid(storeId) ? await grains.GetGrain<IStoreGrain>(storeId).Get() : null;

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
