namespace Fleet.Throttling;

/// <summary>One brake's count for one key, keyed <c>{brake}/{key}</c> (for example
/// <c>sign-in-account/admin</c> or <c>onp-outlet/store-1|203.0.113.7</c>). Every silo asks the
/// same activation, so a limit is cluster-wide: more silos do not multiply an attacker's tries.
/// Keys are what is being protected (an address, an account, an outlet and address), so the load
/// spreads over many activations and none is hot. The count lives in memory only: losing it with
/// a silo is a brief relaxation, never a lock-out. The policy travels with each call, so changed
/// settings apply at once.</summary>
[Alias("fleet.throttle")]
public interface IThrottleGrain : IGrainWithStringKey
{
    /// <summary>How long the key is still blocked, or null when it may try. Counts nothing.</summary>
    [Alias("retry-after")]
    Task<TimeSpan?> RetryAfter(ThrottlePolicy policy);

    /// <summary>Counts one event (a failure, or a use for a rate brake).</summary>
    [Alias("count")]
    Task<ThrottleVerdict> Count(ThrottlePolicy policy);

    /// <summary>Forgets the events counted in the current window (a success that proves the key
    /// legitimate); answers how many there were. Earlier blocks still lengthen the next one until
    /// they age out, so succeeding once in a while does not reset an attacker's backoff.</summary>
    [Alias("forgive")]
    Task<int> Forgive();
}
