using System.Collections.Concurrent;
using Fleet.Common;
using Fleet.Throttling;

namespace Fleet.Server.Throttling;

/// <summary>One named brake (sign-in per account, API key guesses per address, …) over the
/// cluster-wide counts of <see cref="IThrottleGrain"/>. The usual shape of a guarded attempt:
/// <see cref="RetryAfterAsync"/> before doing any work (429 when blocked), then
/// <see cref="CountAsync"/> for a failure (or a use, for a rate brake) and
/// <see cref="ForgiveAsync"/> for a success that proves the key legitimate.
/// <para>A key's block can only end with time (a blocked key never gets as far as a success), so
/// this silo remembers blocks it has seen until they end and answers repeats without a grain call:
/// a flood from a blocked address costs one dictionary lookup a request. That memory is bounded;
/// when it is full, blocks are simply asked of the grain again.</para></summary>
public sealed class Brake(string name, Func<ThrottlePolicy> policy, IGrainFactory grains, FleetClock time, ILogger logger)
{
    private const int MaxRemembered = 10_000;
    private readonly ConcurrentDictionary<string, DateTimeOffset> _blockedUntil = new(StringComparer.Ordinal);

    public string Name => name;

    public async Task<TimeSpan?> RetryAfterAsync(string key)
    {
        var now = time.GetUtcNow();
        if (_blockedUntil.TryGetValue(key, out var until))
        {
            if (until > now) return until - now;
            _blockedUntil.TryRemove(KeyValuePair.Create(key, until));
        }
        var wait = await Grain(key).RetryAfter(policy());
        if (wait is { } blocked) Remember(key, now + blocked);
        return wait;
    }

    public async Task<ThrottleVerdict> CountAsync(string key)
    {
        var verdict = await Grain(key).Count(policy());
        if (verdict.BlockedFor is { } blocked) Remember(key, time.GetUtcNow() + blocked);
        return verdict;
    }

    /// <summary>Counts a use that has already happened (a rate brake after its work succeeded).
    /// Never throws: a brake out of reach must not turn a success into an error, and a lost count
    /// is only a brief relaxation.</summary>
    public async Task CountUseAsync(string key)
    {
        try
        {
            await CountAsync(key);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Brake {Brake}: could not count a use for {Key}.", name, key);
        }
    }

    /// <summary>Forgets the key's count after a success; answers how many were forgiven (0 when the
    /// brake could not be reached, which like <see cref="CountUseAsync"/> never fails the success).</summary>
    public async Task<int> ForgiveAsync(string key)
    {
        try
        {
            return await Grain(key).Forgive();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Brake {Brake}: could not forgive {Key}.", name, key);
            return 0;
        }
    }

    private IThrottleGrain Grain(string key) => grains.GetGrain<IThrottleGrain>($"{name}/{key}");

    private void Remember(string key, DateTimeOffset until)
    {
        if (_blockedUntil.Count >= MaxRemembered)
        {
            var now = time.GetUtcNow();
            foreach (var (k, v) in _blockedUntil)
                if (v <= now) _blockedUntil.TryRemove(KeyValuePair.Create(k, v));
            if (_blockedUntil.Count >= MaxRemembered) return;
        }
        _blockedUntil[key] = until;
    }
}
