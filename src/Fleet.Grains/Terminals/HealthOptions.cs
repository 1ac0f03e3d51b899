namespace Fleet.Terminals;

/// <summary>How terminal health is derived and recorded (section <c>Fleet:Health</c>).</summary>
public sealed class HealthOptions
{
    public const string Section = "Fleet:Health";

    /// <summary>A terminal that has not reported for this long is offline.</summary>
    public TimeSpan OfflineAfter { get; set; } = TimeSpan.FromSeconds(120);

    /// <summary>No longer used: the health history keeps a span per report change or return from
    /// offline instead of sampling unchanged heartbeats. Still read from configuration, so that
    /// existing settings files stay valid.</summary>
    [Obsolete("The health history is kept in spans; nothing is sampled.")]
    public TimeSpan HistorySampleEvery { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>No longer used (see <see cref="HistorySampleEvery"/>).</summary>
    [Obsolete("The health history is kept in spans; nothing is sampled.")]
    public TimeSpan HistoryWriteEvery { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>The earlier name of <see cref="HistorySampleEvery"/>, still read from configuration.</summary>
    [Obsolete("The health history is kept in spans; nothing is sampled.")]
    public TimeSpan PersistLastSeenEvery
    {
        get => HistorySampleEvery;
        set => HistorySampleEvery = value;
    }
}
