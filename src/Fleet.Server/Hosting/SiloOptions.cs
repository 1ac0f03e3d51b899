namespace Fleet.Server.Hosting;

/// <summary>This process's place in the Orleans cluster (section <c>Fleet:Cluster</c>).</summary>
public sealed class SiloOptions
{
    public const string Section = "Fleet:Cluster";

    public string ClusterId { get; set; } = "fleet";
    public string ServiceId { get; set; } = "fleet";
    public int SiloPort { get; set; } = 11111;
    public int GatewayPort { get; set; } = 30000;

    /// <summary>The address other silos reach this one at (PostgreSQL mode); defaults to the first
    /// non-loopback address, or loopback when there is none.</summary>
    public string? AdvertisedAddress { get; set; }
}
