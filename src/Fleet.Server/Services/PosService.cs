using Fleet.Common;
using Fleet.Server.Audit;
using Fleet.Pos;
using Fleet.Storage.ReadModel;

namespace Fleet.Server.Services;

/// <summary>POS systems, for the REST API and the dashboard alike. A POS is (store, posId); its Fleet
/// id (<see cref="PosKey"/>) is the one unambiguous address, and a bare posId still finds it when
/// only one store has that posId.</summary>
public sealed class PosService(IGrainFactory grains, FleetReadModel readModel, AuditTrail audit)
{
    public Task<Page<PosRow>> ListAsync(PosFilter filter, string? sort, int limit, string? cursor, CancellationToken ct = default) =>
        readModel.ListPosAsync(filter, sort, limit, cursor, ct);

    /// <summary>
    /// Which POS <paramref name="reference"/> names. With <paramref name="storeId"/>: the POS with that
    /// posId in that store. Without: the POS whose Fleet id is the reference, or else the
    /// one POS with that posId; several stores with that posId give every candidate and no key.
    /// </summary>
    public async Task<PosLookup> FindAsync(string reference, string? storeId = null, CancellationToken ct = default)
    {
        if (storeId is not null)
            return PosIds.Normalize("posId", reference).PosId is { } posId && Ids.IsValid(storeId)
                ? PosLookup.One(PosKey.Of(storeId, posId))
                : PosLookup.None;

        var candidates = await readModel.FindPosAsync(References(reference), ct);
        if (candidates.FirstOrDefault(c => c.Id == reference) is { } exact) return PosLookup.One(exact.Id);
        return candidates.Count switch
        {
            1 => PosLookup.One(candidates[0].Id),
            0 when PosKey.TryParse(reference, out _, out _) => PosLookup.One(reference),
            0 => PosLookup.None,
            _ => new PosLookup(null, candidates),
        };
    }

    /// <summary>The POS with this Fleet id, or null.</summary>
    public async Task<PosView?> GetAsync(string key) =>
        PosKey.TryParse(key, out _, out _) ? await grains.GetGrain<IPosGrain>(key).Get() : null;

    /// <summary>Creates or updates the POS (definition's store, posId).</summary>
    public Task<CommandResult<PosView>> SaveAsync(string posId, PosDefinition definition)
    {
        var (canonical, error) = PosIds.Normalize("posId", posId);
        if (error is not null) return Task.FromResult(CommandResult<PosView>.Invalid(error));
        if (Ids.Check("storeId", definition.StoreId) is { } storeError)
            return Task.FromResult(CommandResult<PosView>.Invalid(storeError));
        var key = PosKey.Of(definition.StoreId, canonical!);
        return audit.IfChangedAsync(grains.GetGrain<IPosGrain>(key).Upsert(definition),
            AuditTrail.Upserted("pos"), AuditTargets.Pos, key, _ => new { posId = canonical, definition.StoreId, definition.Name });
    }

    public Task<CommandResult<PosView>> DecommissionAsync(string key) =>
        PosKey.TryParse(key, out _, out var posId)
            ? audit.IfChangedAsync(grains.GetGrain<IPosGrain>(key).Decommission(),
                AuditTrail.Always("pos.decommissioned"), AuditTargets.Pos, key, _ => new { posId })
            : Task.FromResult(CommandResult<PosView>.NotFound($"POS '{key}' does not exist."));

    /// <summary>The texts a reference may stand for: as given, in NFC, and with an encoded '/' decoded
    /// (ASP.NET Core leaves %2F encoded in a route value, so "Kasse%2F1" may mean the posId "Kasse/1").</summary>
    private static string[] References(string reference)
    {
        var list = new List<string> { reference };
        if (PosIds.Normalize("posId", reference).PosId is { } nfc) list.Add(nfc);
        if (reference.Contains("%2F", StringComparison.OrdinalIgnoreCase))
            list.Add(reference.Replace("%2F", "/", StringComparison.OrdinalIgnoreCase));
        return list.Distinct(StringComparer.Ordinal).ToArray();
    }
}
