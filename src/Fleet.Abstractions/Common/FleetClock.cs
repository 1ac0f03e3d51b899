namespace Fleet.Common;

/// <summary>The fleet's own clock: what codes, certificates, licences, tokens and heartbeats are
/// measured against. A type of its own rather than the container's <see cref="TimeProvider"/>, so
/// that tests can move fleet time (a fake clock) without also moving the Orleans runtime's clock,
/// whose membership would then see its own silo as long dead.</summary>
public sealed class FleetClock(TimeProvider inner) : TimeProvider
{
    public static readonly FleetClock System = new(TimeProvider.System);

    public override DateTimeOffset GetUtcNow() => inner.GetUtcNow();
    public override long GetTimestamp() => inner.GetTimestamp();
    public override long TimestampFrequency => inner.TimestampFrequency;
    public override TimeZoneInfo LocalTimeZone => inner.LocalTimeZone;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        inner.CreateTimer(callback, state, dueTime, period);
}
