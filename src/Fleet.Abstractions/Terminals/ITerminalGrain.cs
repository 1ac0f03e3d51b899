using Fleet.Common;

namespace Fleet.Terminals;

/// <summary>One payment terminal (Android device or PAX), keyed by terminal id.</summary>
[Alias("fleet.terminal")]
public interface ITerminalGrain : IGrainWithStringKey
{
    [Alias("upsert")]
    Task<CommandResult<TerminalView>> Upsert(TerminalDefinition definition);

    [Alias("get")]
    Task<TerminalView?> Get();

    /// <summary>Records a heartbeat; NotFound when the terminal is not registered.</summary>
    [Alias("heartbeat")]
    Task<CommandResult<HeartbeatRecord>> Heartbeat(Heartbeat heartbeat);

    [Alias("decommission")]
    Task<CommandResult<TerminalView>> Decommission();
}
