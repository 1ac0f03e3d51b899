using Fleet.Common;

namespace Fleet.Throttling;

/// <summary>A fixed window count with exponential backoff, in four fields of memory whatever the
/// traffic. The activation stays only while its count still matters (the window, a block, the
/// backoff memory after it); otherwise it is collected like any idle grain, and forgetting then
/// costs nothing but a fresh count.</summary>
[CollectionAgeLimit(Minutes = 2)]
public sealed class ThrottleGrain(FleetClock time) : Grain, IThrottleGrain
{
    private int _counted;
    private DateTimeOffset _windowStart;
    private DateTimeOffset _blockedUntil;
    // Blocks in a row: the next one lasts Window × 2^strikes (capped).
    private int _strikes;

    public Task<TimeSpan?> RetryAfter(ThrottlePolicy policy) => Task.FromResult(Blocked(time.GetUtcNow()));

    public Task<ThrottleVerdict> Count(ThrottlePolicy policy)
    {
        var now = time.GetUtcNow();
        // An event that passed the caller's check just before a block began (concurrent attempts)
        // belongs to that block: it neither extends it nor counts towards the next one.
        if (Blocked(now) is { } wait) return Task.FromResult(new ThrottleVerdict(0, wait, false));
        Age(policy, now);
        if (_counted == 0) _windowStart = now;
        _counted++;
        if (_counted < policy.Limit)
        {
            KeepWhileItMatters(policy, now);
            return Task.FromResult(new ThrottleVerdict(_counted, null, false));
        }

        var block = policy.BlockAfter(_strikes);
        var counted = _counted;
        _blockedUntil = now + block;
        _strikes = Math.Min(_strikes + 1, ThrottlePolicy.MaxStrikes);
        _counted = 0;
        KeepWhileItMatters(policy, now);
        return Task.FromResult(new ThrottleVerdict(counted, block, true));
    }

    public Task<int> Forgive()
    {
        var forgiven = _counted;
        _counted = 0;
        return Task.FromResult(forgiven);
    }

    private TimeSpan? Blocked(DateTimeOffset now) => _blockedUntil > now ? _blockedUntil - now : null;

    private void Age(ThrottlePolicy policy, DateTimeOffset now)
    {
        if (_counted > 0 && now >= _windowStart + policy.Window) _counted = 0;
        // Quiet for MaxBackoff since the last block ended: the next block is a first one again.
        if (_strikes > 0 && now >= _blockedUntil + Longest(policy)) _strikes = 0;
    }

    private void KeepWhileItMatters(ThrottlePolicy policy, DateTimeOffset now)
    {
        var until = _counted > 0 ? _windowStart + policy.Window : now;
        if (_strikes > 0 && _blockedUntil + Longest(policy) > until) until = _blockedUntil + Longest(policy);
        if (until > now) DelayDeactivation(until - now);
    }

    private static TimeSpan Longest(ThrottlePolicy policy) => policy.MaxBackoff > policy.Window ? policy.MaxBackoff : policy.Window;
}
