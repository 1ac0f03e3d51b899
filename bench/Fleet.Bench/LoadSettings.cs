namespace Fleet.Bench;

/// <summary>How one load run is driven. Without <see cref="Rate"/> it is closed-loop: each of
/// <see cref="Concurrency"/> workers sends its next request as soon as the previous one is
/// answered, so it finds the maximum rate. With a rate it is open-loop: requests start on a fixed
/// schedule whatever the answers do, and latency is counted from the scheduled start, so a stall
/// shows up in the percentiles instead of silently slowing the generator down.</summary>
public sealed record LoadSettings(
    int Concurrency,
    TimeSpan Duration,
    TimeSpan RequestTimeout,
    TimeSpan Warmup,
    double? Rate = null,
    long? MaxRequests = null,
    int MaxInFlight = 1024);
