namespace Fleet.Storage.GroupCommit;

/// <summary>How concurrent grain writes are coalesced (section <c>Fleet:GroupCommit</c>). One flushed
/// transaction per write made the disk, not the CPU, the limit; a batch pays for one flush.</summary>
public sealed class GroupCommitOptions
{
    public const string Section = "Fleet:GroupCommit";

    /// <summary>At most this many writes share one transaction.</summary>
    public int MaxBatchSize { get; set; } = 512;

    /// <summary>How long a batch waits for more writes to join once it has one. Only taken while
    /// writes are arriving concurrently (the previous batch held more than one), so a lone writer
    /// never waits.</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromMilliseconds(2);

    /// <summary>Batches in flight at once. SQLite has one writer, so more only queue on its lock;
    /// PostgreSQL commits concurrent transactions in parallel. 0 = 1 on SQLite, 4 on PostgreSQL.</summary>
    public int Writers { get; set; }

    public IEnumerable<string> Validate()
    {
        if (MaxBatchSize is < 1 or > 10_000) yield return "Fleet:GroupCommit:MaxBatchSize must be between 1 and 10000.";
        if (MaxDelay < TimeSpan.Zero || MaxDelay > TimeSpan.FromMilliseconds(100))
            yield return "Fleet:GroupCommit:MaxDelay must be between 0 and 100 ms.";
        if (Writers is < 0 or > 64) yield return "Fleet:GroupCommit:Writers must be between 0 (automatic) and 64.";
    }
}
