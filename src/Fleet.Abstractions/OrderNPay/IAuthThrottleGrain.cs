namespace Fleet.OrderNPay;

/// <summary>Counts failed auth attempts for one key (<c>outlet:{id}</c> or <c>address:{ip}</c>) in a
/// sliding window. One activation serves the whole cluster, so every silo applies the same limit.
/// Kept in memory only: losing the count with a silo is a brief relaxation, never a lock-out.</summary>
[Alias("fleet.onp-auth-throttle")]
public interface IAuthThrottleGrain : IGrainWithStringKey
{
    /// <summary>How long the key is still blocked, or null when it may try.</summary>
    [Alias("retry-after")]
    Task<TimeSpan?> RetryAfter(ThrottlePolicy policy);

    /// <summary>Records a failure; answers how long the key is now blocked (null when not).</summary>
    [Alias("fail")]
    Task<TimeSpan?> RecordFailure(ThrottlePolicy policy);

    /// <summary>Forgets the failures (after a success for an outlet).</summary>
    [Alias("reset")]
    Task Reset();
}
