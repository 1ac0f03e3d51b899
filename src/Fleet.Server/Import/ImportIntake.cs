using Fleet.Import;
using Fleet.Storage.Import;

namespace Fleet.Server.Import;

/// <summary>Takes an import document in: reads it as it streams, checks each row, writes the rows
/// to the staging table a chunk at a time (the next chunk is read while the last one is written),
/// then checks across rows with SQL. Memory stays bounded by a chunk and the capped error list,
/// whatever the document's size. Whenever the import is refused, or reading fails, the staged
/// rows are deleted before this returns: nothing is left behind.</summary>
public sealed class ImportIntake(ImportStaging staging, ILogger<ImportIntake> logger)
{
    /// <summary>Errors listed in a refusal; the total is given besides.</summary>
    public const int MaxReportedErrors = 100;
    /// <summary>Rows per staging transaction.</summary>
    public const int StageChunk = 5_000;

    public async Task<ImportIntakeResult> ReceiveAsync(string jobId, IAsyncEnumerable<ImportRecord> records, CancellationToken ct)
    {
        var writing = Task.CompletedTask;
        var accepted = false;
        try
        {
            var result = await ReadAndStageAsync(jobId, records, w => writing = w, ct);
            accepted = result.Accepted;
            return result;
        }
        finally
        {
            if (!accepted)
            {
                // A chunk may still be on its way to the table: let it land, then delete everything.
                try { await writing; } catch (Exception) { }
                await DiscardAsync(jobId);
            }
        }
    }

    private async Task<ImportIntakeResult> ReadAndStageAsync(
        string jobId, IAsyncEnumerable<ImportRecord> records, Action<Task> track, CancellationToken ct)
    {
        var errors = new List<(long Seq, ImportRowError Error)>();
        int errorCount = 0, rowsWithErrors = 0, stores = 0, terminals = 0, pos = 0;
        long seq = 0;
        var chunk = new List<StagedImportRow>(StageChunk);
        var writing = Task.CompletedTask;
        var clock = System.Diagnostics.Stopwatch.StartNew();

        await foreach (var record in records.WithCancellation(ct))
        {
            if (seq == ImportValidator.MaxRows)
            {
                await writing;
                return Refused("rows", $"An import holds at most {ImportValidator.MaxRows} rows; split it.");
            }
            var (staged, rowErrors) = ImportValidator.Check(record, seq);
            if (rowErrors.Count > 0)
            {
                rowsWithErrors++;
                errorCount += rowErrors.Count;
                foreach (var e in rowErrors)
                    if (errors.Count < MaxReportedErrors) errors.Add((seq, e));
            }
            if (staged is not null)
            {
                switch (staged.Kind)
                {
                    case StagedRowKind.Store: stores++; break;
                    case StagedRowKind.Terminal: terminals++; break;
                    default: pos++; break;
                }
                chunk.Add(staged);
                if (chunk.Count == StageChunk)
                {
                    await writing;
                    writing = staging.WriteAsync(jobId, chunk, durable: false, ct);
                    track(writing);
                    chunk = new List<StagedImportRow>(StageChunk);
                }
            }
            seq++;
        }
        await writing;
        // The last chunk is flushed to disk, and with it every chunk before it.
        await staging.WriteAsync(jobId, chunk, durable: true, ct);

        if (seq == 0) return Refused("rows", "The import has no rows.");

        var stagedIn = clock.Elapsed;
        var check = await staging.CheckAsync(jobId, MaxReportedErrors, ct);
        logger.LogInformation("Import {JobId}: {Rows} rows read and staged in {Staged:F1} s, checked across rows in {Checked:F1} s.",
            jobId, seq, stagedIn.TotalSeconds, (clock.Elapsed - stagedIn).TotalSeconds);
        if (errorCount == 0 && check.Passed) return new ImportIntakeResult(new StagedImport(stores, terminals, pos), [], 0, 0);

        var listed = errors
            .Concat(check.Errors.Select(e => (e.Seq, new ImportRowError(e.Row, TypeOf(e.Kind), e.Id, e.Field, e.Message))))
            .OrderBy(e => e.Item1)
            .Take(MaxReportedErrors)
            .Select(e => e.Item2)
            .ToArray();
        return new ImportIntakeResult(null, listed, errorCount + check.ErrorCount, rowsWithErrors + check.RowsWithOnlyCrossRowErrors);
    }

    private static ImportIntakeResult Refused(string field, string message) =>
        new(null, [new ImportRowError("document", "", null, field, message)], 1, 0);

    private static string TypeOf(StagedRowKind kind) => kind switch
    {
        StagedRowKind.Store => ImportFormat.Store,
        StagedRowKind.Terminal => ImportFormat.Terminal,
        _ => ImportFormat.Pos,
    };

    /// <summary>Deletes what was staged for a refused or failed import, even if the request was cancelled.</summary>
    public async Task DiscardAsync(string jobId)
    {
        try
        {
            await staging.DeleteAsync(jobId, CancellationToken.None);
        }
        catch (Exception e)
        {
            // The start-up clean-up removes rows that no job owns once they are a day old.
            logger.LogWarning(e, "Staged rows of refused import {JobId} could not be deleted yet.", jobId);
        }
    }
}
