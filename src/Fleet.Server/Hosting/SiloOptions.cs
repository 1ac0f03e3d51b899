namespace Fleet.Server.Hosting;

/// <summary>This process's place in the Orleans cluster (section <c>Fleet:Cluster</c>).</summary>
public sealed class SiloOptions
{
    public const string Section = "Fleet:Cluster";

    public string ClusterId { get; set; } = "fleet";
    public string ServiceId { get; set; } = "fleet";
    public int SiloPort { get; set; } = 11111;

    /// <summary>The Orleans gateway (for external Orleans clients) listens on this port only when it
    /// is set; Fleet itself never needs one. Like the silo port it takes only mutual TLS with a Fleet
    /// silo certificate.</summary>
    public int? GatewayPort { get; set; }

    /// <summary>The address other silos reach this one at (PostgreSQL mode); defaults to the first
    /// non-loopback address, or loopback when there is none.</summary>
    public string? AdvertisedAddress { get; set; }

    /// <summary>PostgreSQL mode: listen on every address of the host rather than only on the
    /// advertised one (behind NAT, where the advertised address is not a local one).</summary>
    public bool ListenOnAnyAddress { get; set; }
}
