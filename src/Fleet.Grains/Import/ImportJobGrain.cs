using Fleet.Common;
using Fleet.Pos;
using Fleet.Stores;
using Fleet.Terminals;
using Microsoft.Extensions.Logging;

namespace Fleet.Import;

/// <summary>Applies a bulk import: stores first (terminals and POS refer to them), then devices,
/// a bounded number of rows at a time. Only the start and the end are written: after a crash the
/// whole batch is applied again, which is safe because every row is an idempotent upsert.</summary>
public sealed class ImportJobGrain(
    [PersistentState("import-job", FleetStorage.Name)] IPersistentState<ImportJobState> job,
    IGrainFactory grains,
    FleetClock time,
    ILogger<ImportJobGrain> logger) : Grain, IImportJobGrain
{
    private const int Parallelism = 16;
    private Task? _running;
    private int _applied;
    private string? _error;

    public async Task<CommandResult<ImportProgress>> Start(ImportBatch batch)
    {
        if (job.RecordExists) return CommandResult<ImportProgress>.Conflict($"Import job '{this.GetPrimaryKeyString()}' already exists.");
        job.State.JobId = this.GetPrimaryKeyString();
        job.State.Batch = batch;
        job.State.Status = ImportJobStatus.Applying;
        job.State.StartedAt = time.GetUtcNow();
        await job.WriteStateAsync();
        EnsureRunning();
        return CommandResult<ImportProgress>.Ok(CommandStatus.Created, Progress());
    }

    public Task<ImportProgress?> Get()
    {
        if (!job.RecordExists) return Task.FromResult<ImportProgress?>(null);
        EnsureRunning();
        return Task.FromResult<ImportProgress?>(Progress());
    }

    private void EnsureRunning()
    {
        if (job.State.Status != ImportJobStatus.Applying || _running is { IsCompleted: false }) return;
        // Runs on this grain's scheduler between calls; keep the activation alive meanwhile.
        DelayDeactivation(TimeSpan.FromHours(1));
        _running = ApplyAsync();
    }

    private async Task ApplyAsync()
    {
        var batch = job.State.Batch!;
        int created = 0, updated = 0, unchanged = 0;
        _applied = 0;
        _error = null;

        void Count(CommandStatus status)
        {
            switch (status)
            {
                case CommandStatus.Created: created++; break;
                case CommandStatus.Updated: updated++; break;
                case CommandStatus.Unchanged: unchanged++; break;
                default: throw new InvalidOperationException($"An import row was refused ({status}) after validation passed.");
            }
            _applied++;
        }

        try
        {
            await ForEachAsync(batch.Stores, async r => Count((await grains.GetGrain<IStoreGrain>(r.Id).Upsert(r.Definition)).Status));
            await ForEachAsync(batch.Terminals, async r => Count((await grains.GetGrain<ITerminalGrain>(r.Id).Upsert(r.Definition)).Status));
            await ForEachAsync(batch.Pos, async r => Count((await grains.GetGrain<IPosGrain>(r.Id).Upsert(r.Definition)).Status));

            job.State.Created = created;
            job.State.Updated = updated;
            job.State.Unchanged = unchanged;
            job.State.Status = ImportJobStatus.Completed;
            job.State.CompletedAt = time.GetUtcNow();
            await job.WriteStateAsync();
        }
        catch (Exception e)
        {
            // The job stays "applying" in storage; the next Get (or the start-up resumer) runs it again.
            _error = e.Message;
            logger.LogError(e, "Import job {JobId} stopped after {Applied} of {Total} rows.", job.State.JobId, _applied, batch.Count);
        }
    }

    private static async Task ForEachAsync<T>(IReadOnlyList<T> rows, Func<T, Task> apply)
    {
        foreach (var chunk in rows.Chunk(Parallelism)) await Task.WhenAll(chunk.Select(apply));
    }

    private ImportProgress Progress()
    {
        var s = job.State;
        var total = s.Batch?.Count ?? 0;
        return s.Status == ImportJobStatus.Completed
            ? new ImportProgress(s.JobId, s.Status, total, total, s.Created, s.Updated, s.Unchanged, s.StartedAt, s.CompletedAt, null)
            : new ImportProgress(s.JobId, s.Status, total, _applied, 0, 0, 0, s.StartedAt, null, _error);
    }
}
