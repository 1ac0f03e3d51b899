using System.Data.Common;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Runtime;

namespace Fleet.Storage.Presence;

/// <summary>
/// Records unchanged heartbeats straight in the read model, so that a terminal reporting "still
/// here, nothing new" costs neither its grain's activation nor a write of its own. Checks arriving
/// together share one transaction (one round trip on PostgreSQL), the way <c>GroupCommitWriter</c>
/// batches grain writes; each check answers whether its terminal's row matched it. A check that
/// does not match (the report changed, the terminal was offline, it was never seen or no longer
/// exists) records nothing, and its heartbeat goes to the terminal's grain as before. The answer
/// comes after the commit, but a commit need not wait for the disk (<see cref="ISqlDialect.BeginLazyCommitAsync"/>)
/// except at least once every <see cref="PresenceOptions.FlushInterval"/>: a Fleet crash loses no
/// acknowledged last-seen time, an OS or database-server crash at most about one interval of them —
/// the same bound as the write-behind buffer, for a fraction of the disk flushes.
/// </summary>
public sealed partial class PresenceConfirmer : ILifecycleParticipant<ISiloLifecycle>, IAsyncDisposable
{
    /// <summary>At most this many checks per transaction.</summary>
    internal const int MaxBatchSize = 512;

    private readonly FleetDatabase _database;
    private readonly TimeSpan _durableEvery;
    private readonly ILogger _logger;
    private readonly System.Diagnostics.Stopwatch _sinceDurable = System.Diagnostics.Stopwatch.StartNew();
    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Lock _gate = new();
    private Task? _loop;
    private bool _stopped;

    public PresenceConfirmer(FleetDatabase database, IOptions<PresenceOptions> options, ILogger<PresenceConfirmer> logger)
    {
        _database = database;
        _durableEvery = options.Value.FlushInterval;
        _logger = logger;
    }

    /// <summary>True when the heartbeat was recorded; false when it must go to the terminal's grain
    /// (it did not match, or the read model could not be written, or the silo is stopping).</summary>
    public Task<bool> ConfirmAsync(PresenceCheck check)
    {
        var pending = new Pending(check, new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously));
        lock (_gate)
        {
            if (_stopped || !_queue.Writer.TryWrite(pending)) return Task.FromResult(false);
            _loop ??= Task.Run(RunAsync);
        }
        return pending.Answer.Task;
    }

    private async Task RunAsync()
    {
        var batch = new List<Pending>(MaxBatchSize);
        var deferred = new List<Pending>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        while (true)
        {
            // Checks deferred from the last batch (a second heartbeat of a terminal already in it) go first.
            foreach (var pending in deferred)
            {
                if (batch.Count < MaxBatchSize && ids.Add(pending.Check.TerminalId)) batch.Add(pending);
            }
            deferred.RemoveAll(batch.Contains);
            if (batch.Count == 0 && !await _queue.Reader.WaitToReadAsync()) break;
            while (batch.Count < MaxBatchSize && _queue.Reader.TryRead(out var next))
            {
                if (ids.Add(next.Check.TerminalId)) batch.Add(next);
                else deferred.Add(next);
            }
            if (batch.Count > 0) await ConfirmBatchAsync(batch);
            batch.Clear();
            ids.Clear();
        }
        foreach (var pending in deferred) pending.Answer.TrySetResult(false);
    }

    private async Task ConfirmBatchAsync(List<Pending> batch)
    {
        bool[] confirmed;
        var durable = _sinceDurable.Elapsed >= _durableEvery;
        try
        {
            await using var connection = await _database.OpenAsync();
            var dialect = _database.Dialect;
            try
            {
                await using var tx = durable
                    ? await connection.BeginTransactionAsync()
                    : await dialect.BeginLazyCommitAsync(connection, CancellationToken.None);
                confirmed = await dialect.ConfirmPresenceAsync(connection, tx, batch.Select(p => p.Check).ToList(), CancellationToken.None);
                await tx.CommitAsync();
            }
            finally
            {
                if (!durable) await dialect.EndLazyCommitAsync(connection, CancellationToken.None);
            }
            if (durable) _sinceDurable.Restart();
        }
        catch (Exception e) when (e is DbException or TimeoutException or InvalidOperationException)
        {
            // Nothing was recorded: every heartbeat of the batch takes the grain's path, which
            // answers (or fails) on its own.
            LogBatchFailed(_logger, e, batch.Count);
            foreach (var pending in batch) pending.Answer.TrySetResult(false);
            return;
        }
        for (var i = 0; i < batch.Count; i++) batch[i].Answer.TrySetResult(confirmed[i]);
    }

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(PresenceConfirmer), ServiceLifecycleStage.RuntimeStorageServices, _ => Task.CompletedTask, StopAsync);

    /// <summary>Answers what is queued, then sends every later heartbeat to its grain.</summary>
    public async Task StopAsync(CancellationToken ct)
    {
        Task? loop;
        lock (_gate)
        {
            _stopped = true;
            _queue.Writer.TryComplete();
            loop = _loop;
        }
        if (loop is not null) await loop;
    }

    public async ValueTask DisposeAsync() => await StopAsync(CancellationToken.None);

    private sealed record Pending(PresenceCheck Check, TaskCompletionSource<bool> Answer);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Recording {Count} unchanged heartbeat(s) in the read model failed; they go to their terminals' grains.")]
    private static partial void LogBatchFailed(ILogger logger, Exception exception, int count);
}
