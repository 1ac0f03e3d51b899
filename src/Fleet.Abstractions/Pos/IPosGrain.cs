using Fleet.Common;

namespace Fleet.Pos;

/// <summary>One POS system (cash register), keyed by posId, unique across the fleet.</summary>
[Alias("fleet.pos")]
public interface IPosGrain : IGrainWithStringKey
{
    [Alias("upsert")]
    Task<CommandResult<PosView>> Upsert(PosDefinition definition);

    [Alias("get")]
    Task<PosView?> Get();

    [Alias("decommission")]
    Task<CommandResult<PosView>> Decommission();
}
