using Fleet.Common;
namespace Fleet.OrderNPay;

/// <summary>A sliding window of failure times in memory. Kept active for the window after a
/// failure, so that idle collection does not forget a count that still matters.</summary>
public sealed class AuthThrottleGrain(FleetClock time) : Grain, IAuthThrottleGrain
{
    private readonly Queue<DateTimeOffset> _failures = new();

    public Task<TimeSpan?> RetryAfter(ThrottlePolicy policy) => Task.FromResult(Blocked(policy, time.GetUtcNow()));

    public Task<TimeSpan?> RecordFailure(ThrottlePolicy policy)
    {
        var now = time.GetUtcNow();
        Prune(policy, now);
        _failures.Enqueue(now);
        // Bounded: beyond the limit only the newest failures matter for when the block ends.
        while (_failures.Count > policy.Limit) _failures.Dequeue();
        DelayDeactivation(policy.Window);
        return Task.FromResult(Blocked(policy, now));
    }

    public Task Reset()
    {
        _failures.Clear();
        return Task.CompletedTask;
    }

    private TimeSpan? Blocked(ThrottlePolicy policy, DateTimeOffset now)
    {
        Prune(policy, now);
        if (_failures.Count < policy.Limit) return null;
        return _failures.Peek() + policy.Window - now;
    }

    private void Prune(ThrottlePolicy policy, DateTimeOffset now)
    {
        while (_failures.Count > 0 && _failures.Peek() + policy.Window <= now) _failures.Dequeue();
    }
}
