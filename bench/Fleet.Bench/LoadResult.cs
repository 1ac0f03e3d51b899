namespace Fleet.Bench;

/// <summary>What one load run saw. Every transport error, timeout, 5xx or status other than the
/// expected one is a failure; <see cref="FailureSamples"/> keeps the first few for the report.</summary>
public sealed class LoadResult
{
    private const int MaxSamples = 10;
    private readonly List<string> _samples = [];
    private long _ok, _transportErrors, _serverErrors, _unexpected;

    public LatencyHistogram Latency { get; } = new();
    public TimeSpan Elapsed { get; set; }
    public double? TargetRate { get; init; }
    public long Ok => Interlocked.Read(ref _ok);
    public long TransportErrors => Interlocked.Read(ref _transportErrors);
    public long ServerErrors => Interlocked.Read(ref _serverErrors);
    public long Unexpected => Interlocked.Read(ref _unexpected);
    public long Failures => TransportErrors + ServerErrors + Unexpected;
    public long Total => Ok + Failures;
    public double RequestsPerSecond => Elapsed > TimeSpan.Zero ? Ok / Elapsed.TotalSeconds : 0;

    public IReadOnlyList<string> FailureSamples
    {
        get { lock (_samples) return _samples.ToArray(); }
    }

    public void RecordOk(TimeSpan latency)
    {
        Latency.Record(latency);
        Interlocked.Increment(ref _ok);
    }

    public void RecordStatus(int status, string what)
    {
        if (status >= 500) Interlocked.Increment(ref _serverErrors);
        else Interlocked.Increment(ref _unexpected);
        Sample(what);
    }

    public void RecordTransportError(string what)
    {
        Interlocked.Increment(ref _transportErrors);
        Sample(what);
    }

    /// <summary>One line: the counts a reader needs to trust (or distrust) the figures.</summary>
    public string FailureSummary() =>
        Failures == 0 ? "no failures"
            : $"{Failures} failed ({ServerErrors} 5xx, {Unexpected} unexpected status, {TransportErrors} transport/timeout)";

    private void Sample(string what)
    {
        lock (_samples)
            if (_samples.Count < MaxSamples) _samples.Add(what);
    }
}
