using Fleet.Common;
using Fleet.Licences;

namespace Fleet.Pos;

/// <summary>One POS system (cash register), keyed by its Fleet id <see cref="PosKey.Of"/>(store, posId):
/// a posId is unique within its store.</summary>
[Alias("fleet.pos")]
public interface IPosGrain : IGrainWithStringKey
{
    [Alias("upsert")]
    Task<CommandResult<PosView>> Upsert(PosDefinition definition);

    [Alias("get")]
    Task<PosView?> Get();

    /// <summary>Records the licence (srv4pos activation) linked to this POS. The most recently
    /// created activation wins: an update from an older one is ignored. False when the POS does
    /// not exist.</summary>
    [Alias("set-licence")]
    Task<bool> SetLicence(LicenceLink licence);

    [Alias("decommission")]
    Task<CommandResult<PosView>> Decommission();
}
