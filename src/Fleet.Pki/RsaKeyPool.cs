using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace Fleet.Pki;

/// <summary>
/// Pre-generated RSA-2048 keys for client certificates. Generating one costs 120–200 ms here, far
/// longer than signing the certificate, so keys are made ahead of demand on the thread pool.
/// </summary>
/// <remarks>
/// Keys live only in memory and are never persisted: a key handed out is owned (and disposed) by the
/// taker, and keys still pooled at <see cref="Dispose"/> are destroyed. Refill runs with bounded
/// concurrency so a burst of pairings cannot starve request threads of CPU. Thread-safe.
/// </remarks>
public sealed class RsaKeyPool : IDisposable
{
    private readonly ConcurrentQueue<RSA> _keys = new();
    private readonly CancellationTokenSource _disposed = new();
    private readonly int _capacity;
    private int _slots;
    private readonly int _maxConcurrency;
    private int _count;
    private int _running;

    /// <summary>Creates the pool and, unless told to wait for <see cref="StartFilling"/>, starts filling it in the background.</summary>
    /// <param name="capacity">Keys to hold ready.</param>
    /// <param name="maxConcurrency">Background generators running at once; defaults to half the cores (at least one).</param>
    /// <param name="fillNow">False: nothing is generated until <see cref="StartFilling"/> or the first <see cref="Take"/>
    /// (a host starting up has better uses for its cores than keys nobody has asked for yet).</param>
    public RsaKeyPool(int capacity, int? maxConcurrency = null, bool fillNow = true)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        _capacity = capacity;
        _maxConcurrency = Math.Max(1, maxConcurrency ?? Environment.ProcessorCount / 2);
        if (fillNow) Refill();
    }

    /// <summary>Starts filling the pool in the background, if it is not full or filling already.</summary>
    public void StartFilling() => Refill();

    /// <summary>Keys ready to take.</summary>
    public int Available => Volatile.Read(ref _count);

    /// <summary>Keys the pool tries to keep ready.</summary>
    public int Capacity => _capacity;

    /// <summary>
    /// Takes a ready key, or generates one inline when the pool is empty. The caller owns and disposes it.
    /// </summary>
    public RSA Take()
    {
        ObjectDisposedException.ThrowIf(_disposed.IsCancellationRequested, this);
        if (_keys.TryDequeue(out var key))
        {
            Interlocked.Decrement(ref _count);
            Interlocked.Decrement(ref _slots);
            Refill();
            return key;
        }

        Refill();
        return RSA.Create(2048);
    }

    /// <summary>Waits until the pool is full (useful at start-up and in tests).</summary>
    public async Task WaitUntilFullAsync(CancellationToken cancellationToken = default)
    {
        while (Available < _capacity)
        {
            ObjectDisposedException.ThrowIf(_disposed.IsCancellationRequested, this);
            await Task.Delay(10, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_disposed.IsCancellationRequested)
        {
            return;
        }

        _disposed.Cancel();
        Drain();
    }

    private void Refill()
    {
        // Start workers up to the concurrency bound; each works until the pool is full.
        while (!_disposed.IsCancellationRequested)
        {
            var running = Volatile.Read(ref _running);
            if (running >= _maxConcurrency || Volatile.Read(ref _slots) >= _capacity)
            {
                return;
            }

            if (Interlocked.CompareExchange(ref _running, running + 1, running) == running)
            {
                _ = Task.Run(Work);
            }
        }
    }

    private void Work()
    {
        try
        {
            while (!_disposed.IsCancellationRequested && TryClaimSlot())
            {
                RSA key;
                try
                {
                    key = RSA.Create(2048);
                    // Force generation now, on this worker, rather than lazily on first use by a request.
                    _ = key.ExportParameters(false);
                }
                catch
                {
                    Interlocked.Decrement(ref _slots);
                    throw;
                }
                _keys.Enqueue(key);
                Interlocked.Increment(ref _count);
                if (_disposed.IsCancellationRequested)
                {
                    Drain();
                }
            }
        }
        finally
        {
            Interlocked.Decrement(ref _running);
        }

        // A Take() racing with this worker's exit may have seen it still running and started nobody.
        Refill();
    }

    // A slot is a key held or being generated: claiming one before generating keeps concurrent
    // workers from overshooting the capacity.
    private bool TryClaimSlot()
    {
        while (true)
        {
            var slots = Volatile.Read(ref _slots);
            if (slots >= _capacity) return false;
            if (Interlocked.CompareExchange(ref _slots, slots + 1, slots) == slots) return true;
        }
    }

    private void Drain()
    {
        while (_keys.TryDequeue(out var key))
        {
            Interlocked.Decrement(ref _count);
            Interlocked.Decrement(ref _slots);
            key.Dispose();
        }
    }
}
