namespace Fleet.Import;

/// <summary>Where an import job stands. Counts are of rows: created, updated, unchanged.
/// <c>RowsPerSecond</c> is the apply rate: over the whole job once completed, over the current run
/// (since the job last started or resumed) while applying.</summary>
[GenerateSerializer, Immutable, Alias("fleet.import-progress")]
public sealed record ImportProgress(
    [property: Id(0)] string JobId,
    [property: Id(1)] ImportJobStatus Status,
    [property: Id(2)] int Total,
    [property: Id(3)] int Applied,
    [property: Id(4)] int Created,
    [property: Id(5)] int Updated,
    [property: Id(6)] int Unchanged,
    [property: Id(7)] DateTimeOffset StartedAt,
    [property: Id(8)] DateTimeOffset? CompletedAt,
    [property: Id(9)] string? Error,
    [property: Id(10)] double RowsPerSecond = 0);
