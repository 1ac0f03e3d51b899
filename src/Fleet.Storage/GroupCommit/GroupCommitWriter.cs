using System.Data.Common;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace Fleet.Storage.GroupCommit;

/// <summary>
/// Coalesces concurrent grain writes into one transaction per batch (at most
/// <see cref="GroupCommitOptions.MaxBatchSize"/> writes, gathered for at most
/// <see cref="GroupCommitOptions.MaxDelay"/>). No write is acknowledged before its batch committed,
/// so a crash mid-batch loses only writes nobody was told about. Each write keeps its own ETag check:
/// a conflict refuses that write and nothing else, and a write that fails with an error of its own
/// is dropped from the batch, which then runs again without it.
/// </summary>
internal sealed partial class GroupCommitWriter
{
    private readonly FleetDatabase _database;
    private readonly ISqlDialect _dialect;
    private readonly GroupCommitOptions _options;
    private readonly ILogger _logger;
    private readonly Channel<StateWrite> _queue = Channel.CreateUnbounded<StateWrite>(new UnboundedChannelOptions { SingleWriter = false });
    private readonly Lazy<Task[]> _writers;

    public GroupCommitWriter(FleetDatabase database, GroupCommitOptions options, ILogger logger)
    {
        var problems = options.Validate().ToList();
        if (problems.Count > 0) throw new ArgumentException(string.Join(" ", problems), nameof(options));
        _database = database;
        _dialect = database.Dialect;
        _options = options;
        _logger = logger;
        var writers = options.Writers > 0 ? options.Writers : database.Kind == DatabaseKind.Sqlite ? 1 : 4;
        // Started on first use: a storage that is registered but never written costs nothing.
        _writers = new Lazy<Task[]>(() => Enumerable.Range(0, writers).Select(_ => Task.Run(RunAsync)).ToArray());
    }

    private long _batches;
    private int _largestBatch;

    /// <summary>Writes waiting for a batch.</summary>
    public int Queued => _queue.Reader.Count;

    /// <summary>Transactions committed so far.</summary>
    public long CommittedBatches => Interlocked.Read(ref _batches);

    /// <summary>The most writes one committed transaction has held.</summary>
    public int LargestBatch => Volatile.Read(ref _largestBatch);

    /// <summary>Queues the write and completes when its batch has committed (or it was refused).</summary>
    public Task<StateWriteOutcome> WriteAsync(StateWrite write)
    {
        _ = _writers.Value;
        if (!_queue.Writer.TryWrite(write)) write.Fail(new ObjectDisposedException(nameof(GroupCommitWriter)));
        return write.Outcome;
    }

    private async Task RunAsync()
    {
        var reader = _queue.Reader;
        var batch = new List<StateWrite>(_options.MaxBatchSize);
        var lastBatchSize = 0;
        while (await reader.WaitToReadAsync())
        {
            Drain(reader, batch);
            // Linger only when writes are arriving together; a lone writer should not wait for company.
            if (batch.Count < _options.MaxBatchSize && lastBatchSize > 1 && _options.MaxDelay > TimeSpan.Zero)
                await GatherAsync(reader, batch);
            lastBatchSize = batch.Count;
            try
            {
                await CommitAsync(batch);
            }
            catch (Exception e)
            {
                // CommitAsync completes every write itself; this only guards the loop.
                foreach (var write in batch) write.Fail(e);
            }
            batch.Clear();
        }
    }

    private void Drain(ChannelReader<StateWrite> reader, List<StateWrite> batch)
    {
        while (batch.Count < _options.MaxBatchSize && reader.TryRead(out var write)) batch.Add(write);
    }

    private async Task GatherAsync(ChannelReader<StateWrite> reader, List<StateWrite> batch)
    {
        using var linger = new CancellationTokenSource(_options.MaxDelay);
        try
        {
            while (batch.Count < _options.MaxBatchSize && await reader.WaitToReadAsync(linger.Token)) Drain(reader, batch);
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>Runs the batch in one transaction. A write whose own statement fails is failed alone and
    /// the rest run again; a failure of the transaction itself (connection, commit) fails them all,
    /// since none of them was written.</summary>
    private async Task CommitAsync(List<StateWrite> batch)
    {
        var pending = batch;
        var pipelined = true;
        while (pending.Count > 0)
        {
            StateWriteOutcome[] outcomes;
            try
            {
                outcomes = await RunTransactionAsync(pending, pipelined);
            }
            catch (PipelineFailure)
            {
                // Rerun statement by statement, which tells whose statement it was.
                pipelined = false;
                continue;
            }
            catch (WriteFailure e)
            {
                var culprit = pending[e.Index];
                LogWriteFailed(_logger, e.InnerException!, culprit.StateName, culprit.GrainId, pending.Count - 1);
                culprit.Fail(e.InnerException!);
                pending = pending.Where((_, i) => i != e.Index).ToList();
                continue;
            }
            catch (Exception e)
            {
                foreach (var write in pending) write.Fail(e);
                return;
            }
            for (var i = 0; i < pending.Count; i++) pending[i].Complete(outcomes[i]);
            return;
        }
    }

    private async Task<StateWriteOutcome[]> RunTransactionAsync(List<StateWrite> writes, bool pipelined)
    {
        await using var connection = await _database.OpenAsync();
        await using var tx = await connection.BeginTransactionAsync();
        StateWriteOutcome[] outcomes;
        if (pipelined && connection.CanCreateBatch)
        {
            try
            {
                outcomes = await new PipelinedStatements(connection, tx, _dialect).ApplyAsync(writes);
            }
            catch (DbException) when (!IsConnectionLevel(connection) && writes.Count > 1)
            {
                throw new PipelineFailure();
            }
        }
        else
        {
            outcomes = new StateWriteOutcome[writes.Count];
            await using var statements = new BatchStatements(connection, tx, _dialect);
            for (var i = 0; i < writes.Count; i++)
            {
                try
                {
                    outcomes[i] = await statements.ApplyAsync(writes[i]);
                }
                catch (DbException e) when (!IsConnectionLevel(connection))
                {
                    throw new WriteFailure(i, e);
                }
            }
        }
        await tx.CommitAsync();
        Interlocked.Increment(ref _batches);
        if (writes.Count > Volatile.Read(ref _largestBatch)) Volatile.Write(ref _largestBatch, writes.Count);
        return outcomes;
    }

    // A statement error on a live connection is that write's own; a dead connection is everyone's.
    private static bool IsConnectionLevel(DbConnection connection) =>
        connection.State is not System.Data.ConnectionState.Open;

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Grain storage: write of state '{StateName}' for {GrainId} failed and was dropped from its batch; the other {Others} write(s) run again without it.")]
    private static partial void LogWriteFailed(ILogger logger, Exception exception, string stateName, string grainId, int others);

    /// <summary>A statement of a pipelined batch failed on a live connection; which write's is not known.</summary>
    private sealed class PipelineFailure : Exception;
}
