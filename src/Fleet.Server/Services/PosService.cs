using Fleet.Common;
using Fleet.Server.Audit;
using Fleet.Pos;
using Fleet.Storage.ReadModel;

namespace Fleet.Server.Services;

/// <summary>POS systems, for the REST API and the dashboard alike.</summary>
public sealed class PosService(IGrainFactory grains, FleetReadModel readModel, AuditTrail audit)
{
    public Task<Page<PosRow>> ListAsync(PosFilter filter, string? sort, int limit, string? cursor, CancellationToken ct = default) =>
        readModel.ListPosAsync(filter, sort, limit, cursor, ct);

    public async Task<PosView?> GetAsync(string posId) =>
        Ids.IsValid(posId) ? await grains.GetGrain<IPosGrain>(posId).Get() : null;

    public Task<CommandResult<PosView>> SaveAsync(string posId, PosDefinition definition) =>
        Ids.Check("posId", posId) is { } error
            ? Task.FromResult(CommandResult<PosView>.Invalid(error))
            : audit.IfChangedAsync(grains.GetGrain<IPosGrain>(posId).Upsert(definition),
                AuditTrail.Upserted("pos"), AuditTargets.Pos, posId, _ => new { definition.StoreId, definition.Name });

    public Task<CommandResult<PosView>> DecommissionAsync(string posId) =>
        Ids.IsValid(posId)
            ? audit.IfChangedAsync(grains.GetGrain<IPosGrain>(posId).Decommission(),
                AuditTrail.Always("pos.decommissioned"), AuditTargets.Pos, posId)
            : Task.FromResult(CommandResult<PosView>.NotFound($"POS '{posId}' does not exist."));
}
