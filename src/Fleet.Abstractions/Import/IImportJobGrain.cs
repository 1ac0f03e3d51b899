using Fleet.Common;

namespace Fleet.Import;

/// <summary>One bulk import, keyed by job id. The rows are staged in the database before the job is
/// recorded, and the job checkpoints after every applied chunk, so an import that was accepted is
/// completed even if the silo dies half-way: the job resumes from its last checkpoint (every row is
/// an idempotent upsert, so re-applying the interrupted chunk is safe) at the next start or the
/// next time anyone asks about it.</summary>
[Alias("fleet.import-job")]
public interface IImportJobGrain : IGrainWithStringKey
{
    /// <summary>Records the batch durably (its rows staged in the database, not in the job's state),
    /// starts applying it and answers at once: a large import outlasts a grain call's timeout, so
    /// callers poll <see cref="Get"/> for progress.</summary>
    [Alias("start")]
    Task<CommandResult<ImportProgress>> Start(ImportBatch batch);

    /// <summary>Starts a job whose rows the caller has already validated and staged under this job's
    /// id; like <see cref="Start"/> it records the job durably and answers at once. Large imports
    /// use this: the job state never holds the rows.</summary>
    [Alias("start-staged")]
    Task<CommandResult<ImportProgress>> StartStaged(StagedImport import);

    /// <summary>The job's progress; a recorded job that is not running (its silo died) is resumed.</summary>
    [Alias("get")]
    Task<ImportProgress?> Get();
}
