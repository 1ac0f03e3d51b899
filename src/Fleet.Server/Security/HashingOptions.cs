namespace Fleet.Server.Security;

/// <summary>Section <c>Fleet:Hashing</c>: how much of a silo's CPU deliberately slow hashing
/// (dashboard passwords, Order N Pay AuthSecrets) may take at once.</summary>
public sealed class HashingOptions
{
    public const string Section = "Fleet:Hashing";

    /// <summary>Hashes computed at once on this silo; the rest wait their turn. Half the cores by
    /// default, so a flood of sign-ins leaves the other half to the REST API and the devices.</summary>
    public int Concurrency { get; set; } = Math.Max(1, Environment.ProcessorCount / 2);

    /// <summary>How long a request waits for a turn before it is answered 503 with Retry-After.</summary>
    public TimeSpan QueueTimeout { get; set; } = TimeSpan.FromSeconds(5);

    public IEnumerable<string> Problems()
    {
        if (Concurrency < 1) yield return $"{Section}:Concurrency must be at least 1.";
        if (QueueTimeout < TimeSpan.Zero || QueueTimeout > TimeSpan.FromMinutes(1))
            yield return $"{Section}:QueueTimeout must be between 0 and 1 minute.";
    }
}
