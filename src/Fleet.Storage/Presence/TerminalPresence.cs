using System.Data.Common;
using Fleet.Storage.ReadModel;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Runtime;

namespace Fleet.Storage.Presence;

/// <summary>
/// Write-behind for terminal presence, one per silo. A heartbeat that only says "still here" is
/// buffered here instead of costing a write of its own; every <see cref="PresenceOptions.FlushInterval"/>
/// the buffer goes to the read model in one transaction, so a million terminals reporting once a
/// minute cost one small transaction a second. A crash loses at most one interval of last-seen times;
/// a clean stop flushes. Whatever changes a terminal's report is still written by its grain before it
/// answers: only time (and battery) travels this way.
/// </summary>
public sealed partial class TerminalPresence : ILifecycleParticipant<ISiloLifecycle>, IAsyncDisposable
{
    private readonly FleetDatabase _database;
    private readonly PresenceOptions _options;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _flushing = new(1, 1);
    private readonly CancellationTokenSource _stopping = new();
    private Dictionary<string, PresenceUpdate> _pending = new(StringComparer.Ordinal);
    private Task? _loop;

    public TerminalPresence(FleetDatabase database, IOptions<PresenceOptions> options, ILogger<TerminalPresence> logger)
    {
        var problems = options.Value.Validate().ToList();
        if (problems.Count > 0) throw new OptionsValidationException(PresenceOptions.Section, typeof(PresenceOptions), problems);
        _database = database;
        _options = options.Value;
        _logger = logger;
    }

    /// <summary>Terminals whose presence waits for the next flush.</summary>
    public int Pending
    {
        get { lock (_gate) return _pending.Count; }
    }

    /// <summary>Buffers a check-in; a later one for the same terminal replaces it, an earlier one is ignored.</summary>
    public void Record(string terminalId, DateTimeOffset lastSeen, int? battery)
    {
        var update = new PresenceUpdate(terminalId, lastSeen.ToUnixTimeMilliseconds(), battery);
        lock (_gate)
        {
            if (!_pending.TryGetValue(terminalId, out var known) || known.LastSeenMs <= update.LastSeenMs)
                _pending[terminalId] = update;
        }
        EnsureRunning();
    }

    /// <summary>Drops a buffered check-in: the terminal was decommissioned, and a re-registered
    /// terminal of the same id must not inherit it.</summary>
    public void Forget(string terminalId)
    {
        lock (_gate) _pending.Remove(terminalId);
    }

    /// <summary>The presence the read model holds for a terminal, or null when it has no row or was never seen.</summary>
    public async Task<StoredPresence?> ReadAsync(string terminalId, CancellationToken ct = default)
    {
        await using var connection = await _database.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT last_seen_ms, battery FROM terminal_presence WHERE id = @id";
        command.AddParameter("id", terminalId);
        await using var reader = await command.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct)) return null;
        var ms = Convert.ToInt64(reader.GetValue(0));
        if (ms < 0) return null;
        int? battery = reader.IsDBNull(1) ? null : Convert.ToInt32(reader.GetValue(1));
        return new StoredPresence(DateTimeOffset.FromUnixTimeMilliseconds(ms), battery);
    }

    /// <summary>Writes everything buffered now, in one transaction. On failure the updates go back
    /// into the buffer (unless newer ones arrived meanwhile) for the next attempt.</summary>
    public async Task FlushAsync(CancellationToken ct = default)
    {
        await _flushing.WaitAsync(ct);
        try
        {
            Dictionary<string, PresenceUpdate> batch;
            lock (_gate)
            {
                if (_pending.Count == 0) return;
                batch = _pending;
                _pending = new Dictionary<string, PresenceUpdate>(StringComparer.Ordinal);
            }
            try
            {
                await WriteAsync(batch.Values.ToList(), ct);
            }
            catch (Exception e) when (e is DbException or TimeoutException or OperationCanceledException or InvalidOperationException)
            {
                lock (_gate)
                {
                    foreach (var (id, update) in batch)
                    {
                        if (!_pending.TryGetValue(id, out var newer) || newer.LastSeenMs < update.LastSeenMs) _pending[id] = update;
                    }
                }
                LogFlushFailed(_logger, e, batch.Count);
                throw;
            }
        }
        finally
        {
            _flushing.Release();
        }
    }

    private async Task WriteAsync(IReadOnlyList<PresenceUpdate> updates, CancellationToken ct)
    {
        await using var connection = await _database.OpenAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await _database.Dialect.WritePresenceAsync(connection, tx, updates, ct);
        await tx.CommitAsync(ct);
    }

    private void EnsureRunning()
    {
        if (_loop is not null || _stopping.IsCancellationRequested) return;
        lock (_gate) _loop ??= Task.Run(RunAsync);
    }

    private async Task RunAsync()
    {
        using var timer = new PeriodicTimer(_options.FlushInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(_stopping.Token))
            {
                try
                {
                    await FlushAsync(_stopping.Token);
                }
                catch (Exception) when (!_stopping.IsCancellationRequested)
                {
                    // Logged by FlushAsync; the buffer is kept and the next tick tries again.
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    public void Participate(ISiloLifecycle lifecycle) =>
        // Stopped after the grains (which stop at higher stages), while storage still works.
        lifecycle.Subscribe(nameof(TerminalPresence), ServiceLifecycleStage.RuntimeStorageServices, _ => Task.CompletedTask, StopAsync);

    /// <summary>Stops the timer and writes what is buffered: a clean shutdown loses no last-seen time.</summary>
    public async Task StopAsync(CancellationToken ct)
    {
        await _stopping.CancelAsync();
        if (_loop is not null) await _loop;
        await FlushAsync(CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stopping.IsCancellationRequested)
        {
            try
            {
                await StopAsync(CancellationToken.None);
            }
            catch (Exception e) when (e is DbException or TimeoutException or InvalidOperationException)
            {
                // Already logged; nothing more can be done at disposal.
            }
        }
        _stopping.Dispose();
        _flushing.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Writing {Count} buffered terminal last-seen time(s) failed; they are kept for the next flush.")]
    private static partial void LogFlushFailed(ILogger logger, Exception exception, int count);
}
