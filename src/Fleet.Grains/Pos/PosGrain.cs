using Fleet.Common;
using Fleet.Licences;
using Fleet.Stores;

namespace Fleet.Pos;

/// <summary>One POS system (cash register), keyed by its Fleet id (<see cref="PosKey"/>: store and
/// posId), so every store may have its own till "1".</summary>
public sealed partial class PosGrain(
    [PersistentState("pos", FleetStorage.Name)] IPersistentState<PosState> pos,
    IGrainFactory grains,
    FleetClock time) : Grain, IPosGrain
{
    private PosState State => pos.State;
    private bool Exists => pos.RecordExists && State.Definition is not null;

    /// <summary>The store and posId this grain is, from its key; null for a key no POS can have.</summary>
    private (string StoreId, string PosId)? Identity =>
        PosKey.TryParse(this.GetPrimaryKeyString(), out var storeId, out var posId) ? (storeId, posId) : null;

    public async Task<CommandResult<PosView>> Upsert(PosDefinition definition)
    {
        var errors = definition.Validate();
        if (errors.Count > 0) return CommandResult<PosView>.Invalid([.. errors]);
        if (Identity is not var (keyStore, posId))
            return CommandResult<PosView>.Invalid(new FieldError("id", $"'{this.GetPrimaryKeyString()}' is not a POS id."));
        // The store is part of the POS's identity: the same till number in another store is another POS.
        if (definition.StoreId != keyStore)
            return CommandResult<PosView>.Invalid(new FieldError("storeId",
                $"POS '{posId}' is in store '{keyStore}'; a POS cannot move to another store (register it there as a new POS)."));

        var created = !Exists;
        if (!created && State.Definition == definition) return CommandResult<PosView>.Ok(CommandStatus.Unchanged, View());

        var attached = await grains.GetGrain<IStoreGrain>(definition.StoreId).AttachPos(new PosSummary(posId, definition.Name, State.Licence));
        if (attached.Status == CommandStatus.NotFound)
            return CommandResult<PosView>.Invalid(new FieldError("storeId", $"Store '{definition.StoreId}' does not exist."));

        var now = time.GetUtcNow();
        State.PosId = posId;
        if (created) State.CreatedAt = now;
        State.Definition = definition;
        State.UpdatedAt = now;
        await pos.WriteStateAsync();
        return CommandResult<PosView>.Ok(created ? CommandStatus.Created : CommandStatus.Updated, View());
    }

    public Task<PosView?> Get() => Task.FromResult(Exists ? View() : null);

    public async Task<bool> SetLicence(LicenceLink licence)
    {
        if (!Exists) return false;
        var current = State.Licence;
        if (current == licence) return true;
        // Several activations may name the same POS over the years; the newest one is its licence.
        if (current is not null && current.ProductionNumber != licence.ProductionNumber && current.LinkedAt > licence.LinkedAt)
            return true;

        State.Licence = licence;
        State.UpdatedAt = time.GetUtcNow();
        await pos.WriteStateAsync();
        await grains.GetGrain<IStoreGrain>(State.Definition!.StoreId)
            .AttachPos(new PosSummary(State.PosId, State.Definition.Name, licence));
        return true;
    }

    public async Task<CommandResult<PosView>> Decommission()
    {
        if (!Exists) return CommandResult<PosView>.NotFound($"POS '{Identity?.PosId ?? this.GetPrimaryKeyString()}' does not exist.");
        var last = View();
        await RevokeAllAsync();
        await pos.ClearStateAsync();
        pos.State = new PosState { PosId = last.PosId };
        await grains.GetGrain<IStoreGrain>(last.Definition.StoreId).DetachPos(last.PosId);
        return CommandResult<PosView>.Ok(CommandStatus.Deleted, last);
    }

    private PosView View() => new(State.PosId, State.Definition!, State.CreatedAt, State.UpdatedAt, State.Licence);
}
