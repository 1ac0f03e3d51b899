namespace Fleet.Terminals;

/// <summary>How terminal health is derived and recorded (section <c>Fleet:Health</c>).</summary>
public sealed class HealthOptions
{
    public const string Section = "Fleet:Health";

    /// <summary>A terminal that has not reported for this long is offline.</summary>
    public TimeSpan OfflineAfter { get; set; } = TimeSpan.FromSeconds(120);

    /// <summary>A heartbeat that changes nothing but the time joins the terminal's health history at
    /// most this often. Must stay below <see cref="OfflineAfter"/>, or the history would show an online
    /// terminal as gaps.</summary>
    public TimeSpan HistorySampleEvery { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>History samples are written with the terminal's next write, when its grain goes idle,
    /// or in the background once the oldest unwritten one is this old, so a million steady terminals
    /// cost a background write each per interval rather than one per heartbeat.</summary>
    public TimeSpan HistoryWriteEvery { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>The earlier name of <see cref="HistorySampleEvery"/>, still read from configuration.</summary>
    [Obsolete("Use HistorySampleEvery.")]
    public TimeSpan PersistLastSeenEvery
    {
        get => HistorySampleEvery;
        set => HistorySampleEvery = value;
    }
}
