using System.Diagnostics;
using Fleet.Common;
using Fleet.Pos;
using Fleet.Storage.Import;
using Fleet.Stores;
using Fleet.Terminals;
using Fleet.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Storage;

namespace Fleet.Import;

/// <summary>Applies a bulk import from its staged rows: stores first (terminals and POS refer to
/// them), then terminals, then POS, a chunk at a time with many upserts in flight. After each chunk
/// the job writes a checkpoint (the kind and the last document position applied, and the counts),
/// so a crash resumes from there, not from zero: at most one chunk is applied twice, which is safe
/// because every row is an idempotent upsert. The staged rows are deleted once the job completes.</summary>
public sealed class ImportJobGrain(
    [PersistentState("import-job", FleetStorage.Name)] IPersistentState<ImportJobState> job,
    IGrainFactory grains,
    ImportStaging staging,
    FleetClock time,
    ILogger<ImportJobGrain> logger,
    [FromKeyedServices(FleetStorage.Name)] IGrainStorage storage) : Grain, IImportJobGrain
{
    /// <summary>New terminals are created in storage directly, without an activation each; null when
    /// the storage cannot (another provider, in some tests): then every row goes to its grain.</summary>
    private readonly RelationalGrainStorage? _direct = storage as RelationalGrainStorage;

    /// <summary>Rows per checkpoint: a crash re-applies at most this many.</summary>
    internal const int ChunkSize = 1_000;
    /// <summary>Upserts in flight at once. Each waits on its own grain write; with the storage
    /// provider coalescing concurrent writes, more in flight means more rows per disk flush.</summary>
    internal const int Parallelism = 256;
    private const int StageChunk = 5_000;
    /// <summary>After a run stops on an error, the next one starts no sooner than this, so that
    /// polling does not restart a failing chunk in a loop and the error stays visible meanwhile.</summary>
    internal static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(5);

    private static readonly StagedRowKind[] Phases = [StagedRowKind.Store, StagedRowKind.Terminal, StagedRowKind.Pos];

    private Task? _running;
    private int _appliedInChunk;
    private int _runStartApplied;
    private Stopwatch? _run;
    private double _runSecondsAtCheckpoint;
    private string? _error;
    private Stopwatch? _sinceFailure;

    public async Task<CommandResult<ImportProgress>> Start(ImportBatch batch)
    {
        if (job.RecordExists) return Conflict();
        // The rows go to the staging table, not into the job's state, whatever the caller sent.
        await StageAsync(batch);
        return await RecordAsync(batch.Count);
    }

    public async Task<CommandResult<ImportProgress>> StartStaged(StagedImport import)
    {
        if (job.RecordExists) return Conflict();
        return await RecordAsync(import.Count);
    }

    public Task<ImportProgress?> Get()
    {
        if (!job.RecordExists) return Task.FromResult<ImportProgress?>(null);
        EnsureRunning();
        return Task.FromResult<ImportProgress?>(Progress());
    }

    private CommandResult<ImportProgress> Conflict() =>
        CommandResult<ImportProgress>.Conflict($"Import job '{this.GetPrimaryKeyString()}' already exists.");

    private async Task<CommandResult<ImportProgress>> RecordAsync(int total)
    {
        job.State.JobId = this.GetPrimaryKeyString();
        job.State.Total = total;
        job.State.Status = ImportJobStatus.Applying;
        job.State.StartedAt = time.GetUtcNow();
        await job.WriteStateAsync();
        EnsureRunning();
        return CommandResult<ImportProgress>.Ok(CommandStatus.Created, Progress());
    }

    private void EnsureRunning()
    {
        if (job.State.Status != ImportJobStatus.Applying || _running is { IsCompleted: false }) return;
        if (_sinceFailure is { } failed && failed.Elapsed < RetryAfter) return;
        // Runs on this grain's scheduler between calls; keep the activation alive meanwhile.
        DelayDeactivation(TimeSpan.FromHours(1));
        _running = ApplyAsync();
    }

    private async Task ApplyAsync()
    {
        var s = job.State;
        _error = null;
        _appliedInChunk = 0;
        _runStartApplied = s.Applied;
        _runSecondsAtCheckpoint = 0;
        _run = Stopwatch.StartNew();
        try
        {
            if (s.Batch is not null) await StageLegacyBatchAsync();

            for (var phase = s.Phase; phase < Phases.Length; phase++)
            {
                var kind = Phases[phase];
                while (true)
                {
                    var rows = await staging.ReadAsync(s.JobId, kind, s.LastSeq, ChunkSize);
                    if (rows.Count == 0) break;
                    var counts = await ApplyChunkAsync(kind, rows);
                    s.Created += counts.Created;
                    s.Updated += counts.Updated;
                    s.Unchanged += counts.Unchanged;
                    s.Applied += rows.Count;
                    s.LastSeq = rows[^1].Seq;
                    await CheckpointAsync();
                }
                if (phase + 1 < Phases.Length)
                {
                    s.Phase = phase + 1;
                    s.LastSeq = -1;
                    await CheckpointAsync();
                }
            }

            s.Status = ImportJobStatus.Completed;
            s.CompletedAt = time.GetUtcNow();
            await CheckpointAsync();
        }
        catch (Exception e)
        {
            // The job stays "applying" in storage; the next Get (or the start-up resumer) resumes
            // it from the last checkpoint.
            _error = e.Message;
            _sinceFailure = Stopwatch.StartNew();
            logger.LogError(e, "Import job {JobId} stopped after {Applied} of {Total} rows.", s.JobId, s.Applied + _appliedInChunk, s.RowCount);
            return;
        }

        try
        {
            await staging.DeleteAsync(s.JobId);
        }
        catch (Exception e)
        {
            // Harmless: the start-up clean-up deletes staged rows of completed jobs.
            logger.LogWarning(e, "Import job {JobId} completed, but its staged rows could not be deleted yet.", s.JobId);
        }
    }

    private async Task CheckpointAsync()
    {
        var elapsed = _run!.Elapsed.TotalSeconds;
        job.State.ApplySeconds += elapsed - _runSecondsAtCheckpoint;
        _runSecondsAtCheckpoint = elapsed;
        _appliedInChunk = 0;
        await job.WriteStateAsync();
    }

    private async Task<(int Created, int Updated, int Unchanged)> ApplyChunkAsync(StagedRowKind kind, IReadOnlyList<StagedImportRow> rows)
    {
        // A store grain takes its terminals' attachments one at a time, so spread each store's
        // devices through the chunk: the upserts in flight then wait on different stores.
        int created = 0, updated = 0, unchanged = 0, next = 0;
        var toApply = rows;
        if (kind == StagedRowKind.Terminal)
        {
            // One store write per store per chunk instead of one per terminal: the summaries go first
            // (as a single terminal's upsert asks its store first), then the terminals, told so.
            await AttachToStoresAsync(rows);
            (created, toApply) = await CreateNewTerminalsAsync(rows);
            _appliedInChunk += created;
        }
        var ordered = kind == StagedRowKind.Store ? toApply : InterleaveByStore(toApply);

        async Task Worker()
        {
            // All workers run on this grain's scheduler, one turn at a time: no locks needed.
            while (next < ordered.Count)
            {
                var row = ordered[next++];
                switch (await ApplyRowAsync(row))
                {
                    case CommandStatus.Created: created++; break;
                    case CommandStatus.Updated: updated++; break;
                    case CommandStatus.Unchanged: unchanged++; break;
                    case var status:
                        throw new InvalidOperationException($"Import row {row.Row} ({row.Id}) was refused ({status}) after validation passed.");
                }
                _appliedInChunk++;
            }
        }

        await Task.WhenAll(Enumerable.Range(0, Math.Min(Parallelism, ordered.Count)).Select(_ => Worker()));
        return (created, updated, unchanged);
    }

    private async Task AttachToStoresAsync(IReadOnlyList<StagedImportRow> rows)
    {
        var byStore = rows.GroupBy(r => r.StoreId ?? "", StringComparer.Ordinal).ToList();
        var next = 0;
        async Task Worker()
        {
            while (next < byStore.Count)
            {
                var group = byStore[next++];
                var summaries = group.Select(r => new TerminalSummary(
                    r.Id, ParseKind(r), r.SerialNumber ?? "", r.Model, r.AppVersion, null)).ToArray();
                var attached = await grains.GetGrain<IStoreGrain>(group.Key).AttachTerminals(summaries);
                if (!attached.Succeeded)
                    throw new InvalidOperationException($"Store '{group.Key}' refused {summaries.Length} imported terminal(s) ({attached.Status}) after validation passed.");
            }
        }
        await Task.WhenAll(Enumerable.Range(0, Math.Min(Parallelism, byStore.Count)).Select(_ => Worker()));
    }

    internal static IReadOnlyList<StagedImportRow> InterleaveByStore(IReadOnlyList<StagedImportRow> rows)
    {
        var byStore = rows.GroupBy(r => r.StoreId, StringComparer.Ordinal).Select(g => g.ToList()).ToList();
        if (byStore.Count == rows.Count) return rows;
        var ordered = new List<StagedImportRow>(rows.Count);
        for (var i = 0; ordered.Count < rows.Count; i++)
        {
            foreach (var group in byStore)
                if (i < group.Count) ordered.Add(group[i]);
        }
        return ordered;
    }

    private async Task<CommandStatus> ApplyRowAsync(StagedImportRow row) => row.Kind switch
    {
        StagedRowKind.Store => (await grains.GetGrain<IStoreGrain>(row.Id)
            .Upsert(new StoreDefinition(row.Name ?? "", row.TimeZone ?? "", row.CorporateId))).Status,
        StagedRowKind.Terminal => (await grains.GetGrain<ITerminalGrain>(row.Id).UpsertAttached(Definition(row))).Status,
        // A POS row is staged under its Fleet id (store~posId, see ImportValidator).
        _ => (await grains.GetGrain<IPosGrain>(row.Id).Upsert(new PosDefinition(row.StoreId ?? "", row.Name))).Status,
    };

    private static TerminalDefinition Definition(StagedImportRow row) =>
        new(ParseKind(row), row.SerialNumber ?? "", row.StoreId ?? "", row.Model, row.AppVersion);

    /// <summary>Terminals of the chunk that do not exist yet are written straight to storage, in one
    /// transaction (state and read-model row each, no activation), which is most of a first import;
    /// the rest — those that exist — are returned for their grains to compare and update. The stores
    /// already hold their summaries (<see cref="AttachToStoresAsync"/>), and the checkpoint written
    /// after the chunk is what makes these rows durable before the job reports them applied.</summary>
    private async Task<(int Created, IReadOnlyList<StagedImportRow> Remaining)> CreateNewTerminalsAsync(IReadOnlyList<StagedImportRow> rows)
    {
        if (_direct is null) return (0, rows);
        var now = time.GetUtcNow();
        // Rows were validated on intake; one that is not valid now goes to its grain, which says why.
        var valid = rows.Where(row => Definition(row).Validate().Count == 0).ToList();
        var states = valid.Select(row => (Grain: grains.GetGrain<ITerminalGrain>(row.Id).GetGrainId(),
            State: new TerminalState { TerminalId = row.Id, Definition = Definition(row), CreatedAt = now, UpdatedAt = now })).ToList();
        var created = await _direct.InsertAllIfAbsentAsync(TerminalGrain.StateName, states);
        var inserted = valid.Where((_, i) => created[i]).ToHashSet();
        return (inserted.Count, rows.Where(row => !inserted.Contains(row)).ToList());
    }

    private static TerminalKind ParseKind(StagedImportRow row) =>
        TerminalKinds.TryParse(row.TerminalKind, out var kind)
            ? kind
            : throw new InvalidOperationException($"Import row {row.Row} has no valid terminal kind.");

    /// <summary>A job recorded before rows were staged carries its batch in its state: stage it
    /// (replacing any rows a previous attempt staged) and drop it from the state.</summary>
    private async Task StageLegacyBatchAsync()
    {
        var s = job.State;
        await staging.DeleteAsync(s.JobId);
        await StageAsync(s.Batch!);
        s.Total = s.Batch!.Count;
        s.Batch = null;
        await job.WriteStateAsync();
    }

    private async Task StageAsync(ImportBatch batch)
    {
        var jobId = this.GetPrimaryKeyString();
        long seq = 0;
        var rows = batch.Stores.Select((r, i) => new StagedImportRow(seq++, $"stores[{i}]", StagedRowKind.Store, r.Id,
                Name: r.Definition.Name, TimeZone: r.Definition.TimeZone, CorporateId: r.Definition.CorporateId))
            .Concat(batch.Terminals.Select((r, i) => new StagedImportRow(seq++, $"terminals[{i}]", StagedRowKind.Terminal, r.Id,
                StoreId: r.Definition.StoreId, TerminalKind: r.Definition.Kind.ToWire(), SerialNumber: r.Definition.SerialNumber,
                Model: r.Definition.Model, AppVersion: r.Definition.AppVersion)))
            .Concat(batch.Pos.Select((r, i) => new StagedImportRow(seq++, $"pos[{i}]", StagedRowKind.Pos, PosKey.Of(r.Definition.StoreId, r.Id),
                StoreId: r.Definition.StoreId, Name: r.Definition.Name)));
        // Not flushed chunk by chunk: the job's record, written next, flushes the log they are in.
        foreach (var chunk in rows.Chunk(StageChunk)) await staging.WriteAsync(jobId, chunk, durable: false);
    }

    private ImportProgress Progress()
    {
        var s = job.State;
        if (s.Status == ImportJobStatus.Completed)
        {
            var rate = s.ApplySeconds > 0 ? s.RowCount / s.ApplySeconds : 0;
            return new ImportProgress(s.JobId, s.Status, s.RowCount, s.RowCount, s.Created, s.Updated, s.Unchanged,
                s.StartedAt, s.CompletedAt, null, Math.Round(rate, 1));
        }
        var applied = s.Applied + _appliedInChunk;
        var seconds = _run?.Elapsed.TotalSeconds ?? 0;
        var runRate = seconds > 0 ? (applied - _runStartApplied) / seconds : 0;
        return new ImportProgress(s.JobId, s.Status, s.RowCount, applied, s.Created, s.Updated, s.Unchanged,
            s.StartedAt, null, _error, Math.Round(runRate, 1));
    }
}
