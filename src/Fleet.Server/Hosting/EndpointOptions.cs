namespace Fleet.Server.Hosting;

/// <summary>The two HTTPS listeners (section <c>Fleet:Endpoints</c>).</summary>
public sealed class FleetEndpointOptions
{
    public const string Section = "Fleet:Endpoints";

    /// <summary>REST API and dashboard.</summary>
    public string Api { get; set; } = "https://localhost:5001";

    /// <summary>The device-facing listener POS systems pair with (the acceptance app's Local-mode contract).</summary>
    public string Device { get; set; } = "https://0.0.0.0:8443";

    /// <summary>Extra DNS names or IP addresses for the server certificate Fleet issues itself
    /// (localhost, loopback and the machine name are always included).</summary>
    public string[] HostNames { get; set; } = [];

    /// <summary>A PEM certificate (with <see cref="CertificateKeyPath"/>) to use instead of one
    /// issued by Fleet's own CA.</summary>
    public string? CertificatePath { get; set; }

    public string? CertificateKeyPath { get; set; }
}
