using Fleet.Common;
using Fleet.Storage;

namespace Fleet.Import;

[GenerateSerializer, Alias("fleet.import-job-state")]
public sealed class ImportJobState : IProjectedState
{
    [Id(0)] public string JobId { get; set; } = "";
    [Id(1)] public ImportBatch? Batch { get; set; }
    [Id(2)] public ImportJobStatus Status { get; set; }
    [Id(3)] public DateTimeOffset StartedAt { get; set; }
    [Id(4)] public DateTimeOffset? CompletedAt { get; set; }
    [Id(5)] public int Created { get; set; }
    [Id(6)] public int Updated { get; set; }
    [Id(7)] public int Unchanged { get; set; }

    public ReadModelRow ToReadModelRow(string grainKey) => new("import_jobs", JobId, new Dictionary<string, object?>
    {
        ["status"] = Status == ImportJobStatus.Applying ? "applying" : "completed",
        ["total"] = Batch?.Count ?? 0,
        ["started_at_ms"] = UnixTime.Ms(StartedAt),
        ["completed_at_ms"] = UnixTime.Ms(CompletedAt),
    });
}
