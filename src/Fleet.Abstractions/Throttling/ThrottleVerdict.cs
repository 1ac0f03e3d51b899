namespace Fleet.Throttling;

/// <summary>What counting one event did: how many are counted in the current window (before a
/// block started, the count that started it), and how long the key is blocked from now (null when
/// it is not). <see cref="BlockStarted"/> is true for exactly the event that started a block, so a
/// caller can record one audit row per block instead of one per attempt.</summary>
[GenerateSerializer, Immutable, Alias("fleet.throttle-verdict")]
public sealed record ThrottleVerdict(
    [property: Id(0)] int Counted,
    [property: Id(1)] TimeSpan? BlockedFor,
    [property: Id(2)] bool BlockStarted);
