namespace Fleet.Throttling;

/// <summary>How a brake counts: <see cref="Limit"/> counted events (failures, or uses for a rate
/// brake) within <see cref="Window"/> start a block. The first block lasts <see cref="Window"/>,
/// each further one in a row twice as long as the one before, never longer than
/// <see cref="MaxBackoff"/>; once a key has stayed unblocked for <see cref="MaxBackoff"/>, its next
/// block is a first one again. So a block always ends: nothing locks anyone out for good.</summary>
[GenerateSerializer, Immutable, Alias("fleet.throttle-policy")]
public sealed record ThrottlePolicy(
    [property: Id(0)] int Limit,
    [property: Id(1)] TimeSpan Window,
    [property: Id(2)] TimeSpan MaxBackoff)
{
    /// <summary>Doublings stop here (2^20 windows is beyond any sensible cap anyway).</summary>
    public const int MaxStrikes = 20;

    /// <summary>The length of a block that follows <paramref name="strikes"/> blocks in a row.</summary>
    public TimeSpan BlockAfter(int strikes)
    {
        var cap = MaxBackoff > Window ? MaxBackoff : Window;
        var ticks = Window.Ticks;
        for (var i = 0; i < Math.Min(strikes, MaxStrikes) && ticks < cap.Ticks; i++) ticks *= 2;
        return TimeSpan.FromTicks(Math.Min(ticks, cap.Ticks));
    }
}
