using Microsoft.Extensions.Options;

namespace Fleet.Server.Security;

/// <summary>A semaphore per silo around PBKDF2: each hash costs 0.1–0.5 s of CPU on purpose, so
/// without a bound a handful of clients guessing passwords would starve everything else on the
/// machine. At most <see cref="HashingOptions.Concurrency"/> run at once; a caller that does not get
/// a turn within <see cref="HashingOptions.QueueTimeout"/> is told to come back later.</summary>
public sealed class HashingGate : IDisposable
{
    private readonly SemaphoreSlim _slots;
    private readonly TimeSpan _queueTimeout;
    private int _waiting;

    public HashingGate(IOptions<HashingOptions> options)
    {
        _slots = new SemaphoreSlim(options.Value.Concurrency, options.Value.Concurrency);
        _queueTimeout = options.Value.QueueTimeout;
    }

    /// <summary>Callers waiting for a turn right now.</summary>
    public int Waiting => Volatile.Read(ref _waiting);

    /// <summary>Runs <paramref name="hash"/> in a turn; false (and nothing run) when no turn came in time.</summary>
    public async Task<(bool Ran, T Result)> RunAsync<T>(Func<T> hash, CancellationToken ct = default)
    {
        Interlocked.Increment(ref _waiting);
        bool entered;
        try
        {
            entered = await _slots.WaitAsync(_queueTimeout, ct);
        }
        finally
        {
            Interlocked.Decrement(ref _waiting);
        }
        if (!entered) return (false, default!);
        try
        {
            return (true, hash());
        }
        finally
        {
            _slots.Release();
        }
    }

    public void Dispose() => _slots.Dispose();
}
