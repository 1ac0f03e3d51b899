namespace Fleet.Storage.Presence;

/// <summary>How terminal presence is written behind (section <c>Fleet:Presence</c>).</summary>
public sealed class PresenceOptions
{
    public const string Section = "Fleet:Presence";

    /// <summary>Buffered last-seen times are written at least this often. It is what a crash can
    /// cost: a terminal's stored last-seen time may be up to this old.</summary>
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>A heartbeat that changes nothing (same report, no offline gap) is recorded straight in
    /// the read model, without its terminal's grain (<see cref="PresenceConfirmer"/>). Off: every
    /// heartbeat goes to its grain, and unchanged ones are written behind every <see cref="FlushInterval"/>.</summary>
    public bool DirectHeartbeats { get; set; } = true;

    public IEnumerable<string> Validate()
    {
        if (FlushInterval <= TimeSpan.Zero || FlushInterval > TimeSpan.FromSeconds(10))
            yield return "Fleet:Presence:FlushInterval must be more than 0 and at most 10 s.";
    }
}
