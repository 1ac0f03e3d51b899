using Fleet.Common;
using Fleet.Storage;

namespace Fleet.Import;

/// <summary>An import job's record and checkpoint. The rows themselves are staged in the database
/// (<c>import_rows</c>), never here: this state stays a few hundred bytes whatever the import's
/// size, and is rewritten once per applied chunk.</summary>
[GenerateSerializer, Alias("fleet.import-job-state")]
public sealed class ImportJobState : IProjectedState
{
    [Id(0)] public string JobId { get; set; } = "";
    /// <summary>Only in jobs recorded before rows were staged; such a job stages its batch when it
    /// resumes and then clears this.</summary>
    [Id(1)] public ImportBatch? Batch { get; set; }
    [Id(2)] public ImportJobStatus Status { get; set; }
    [Id(3)] public DateTimeOffset StartedAt { get; set; }
    [Id(4)] public DateTimeOffset? CompletedAt { get; set; }
    [Id(5)] public int Created { get; set; }
    [Id(6)] public int Updated { get; set; }
    [Id(7)] public int Unchanged { get; set; }
    [Id(8)] public int Total { get; set; }
    /// <summary>Rows applied up to the checkpoint.</summary>
    [Id(9)] public int Applied { get; set; }
    /// <summary>The checkpoint: the kind being applied (0 stores, 1 terminals, 2 POS) and the
    /// document position of the last row of that kind applied (-1: none yet).</summary>
    [Id(10)] public int Phase { get; set; }
    [Id(11)] public long LastSeq { get; set; } = -1;
    /// <summary>Time spent applying, summed over runs (a restart's downtime is not counted).</summary>
    [Id(12)] public double ApplySeconds { get; set; }

    public int RowCount => Batch?.Count ?? Total;

    public ReadModelRow ToReadModelRow(string grainKey) => new("import_jobs", JobId, new Dictionary<string, object?>
    {
        ["status"] = Status == ImportJobStatus.Applying ? "applying" : "completed",
        ["total"] = RowCount,
        ["started_at_ms"] = UnixTime.Ms(StartedAt),
        ["completed_at_ms"] = UnixTime.Ms(CompletedAt),
    });
}
