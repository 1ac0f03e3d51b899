namespace Fleet.Terminals;

/// <summary>How terminal health is derived (section <c>Fleet:Health</c>).</summary>
public sealed class HealthOptions
{
    public const string Section = "Fleet:Health";

    /// <summary>A terminal that has not reported for this long is offline.</summary>
    public TimeSpan OfflineAfter { get; set; } = TimeSpan.FromSeconds(120);

    /// <summary>A heartbeat that changes nothing but the time is written to storage at most this
    /// often, so a million terminals do not cost a million writes a minute. Must stay well below
    /// <see cref="OfflineAfter"/>: it bounds how stale the stored last-seen time can be.</summary>
    public TimeSpan PersistLastSeenEvery { get; set; } = TimeSpan.FromSeconds(30);
}
