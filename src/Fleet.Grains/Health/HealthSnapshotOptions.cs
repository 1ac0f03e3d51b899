namespace Fleet.Health;

/// <summary>How fresh the fleet health snapshot is kept (section <c>Fleet:Health</c>, next to the
/// terminal health settings).</summary>
public sealed class HealthSnapshotOptions
{
    public const string Section = "Fleet:Health";

    /// <summary>A snapshot older than this is recomputed (in the background, the stale one is
    /// still answered): health counts are at most about this old, plus the silo cache below.</summary>
    public TimeSpan SnapshotMaxAge { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a silo reuses the snapshot it fetched from the grain before asking again:
    /// one second, or the max age when that is shorter.</summary>
    public TimeSpan SiloCacheFor => SnapshotMaxAge < TimeSpan.FromSeconds(1) ? SnapshotMaxAge : TimeSpan.FromSeconds(1);

    public bool IsValid => SnapshotMaxAge > TimeSpan.Zero && SnapshotMaxAge <= TimeSpan.FromHours(1);
}
