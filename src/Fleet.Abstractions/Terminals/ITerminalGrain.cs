using Fleet.Common;

namespace Fleet.Terminals;

/// <summary>One payment terminal (Android device or PAX), keyed by terminal id.</summary>
[Alias("fleet.terminal")]
public interface ITerminalGrain : IGrainWithStringKey
{
    [Alias("upsert")]
    Task<CommandResult<TerminalView>> Upsert(TerminalDefinition definition);

    /// <summary>As <see cref="Upsert"/>, for a bulk import that has already attached this terminal's
    /// summary (built from <paramref name="definition"/>) to its store in one call per store: the
    /// terminal tells its store again only when its own summary differs (it has reported since).</summary>
    [Alias("upsert-attached")]
    Task<CommandResult<TerminalView>> UpsertAttached(TerminalDefinition definition);

    [Alias("get")]
    Task<TerminalView?> Get();

    /// <summary>Records a heartbeat; NotFound when the terminal is not registered.</summary>
    [Alias("heartbeat")]
    Task<CommandResult<HeartbeatRecord>> Heartbeat(Heartbeat heartbeat);

    [Alias("decommission")]
    Task<CommandResult<TerminalView>> Decommission();
}
