using Fleet.Common;

namespace Fleet.Import;

/// <summary>One bulk import, keyed by job id. The batch is written before any row is applied, so
/// an import that was accepted is completed even if the silo dies half-way: the job is resumed
/// (every row is an idempotent upsert) at the next start or the next time anyone asks about it.</summary>
[Alias("fleet.import-job")]
public interface IImportJobGrain : IGrainWithStringKey
{
    /// <summary>Records the batch durably, starts applying it and answers at once: a large import
    /// outlasts a grain call's timeout, so callers poll <see cref="Get"/> for progress.</summary>
    [Alias("start")]
    Task<CommandResult<ImportProgress>> Start(ImportBatch batch);

    /// <summary>The job's progress; a recorded job that is not running (its silo died) is resumed.</summary>
    [Alias("get")]
    Task<ImportProgress?> Get();
}
