namespace Fleet.Server.Hosting;

/// <summary>Which of the two HTTPS listeners a connection arrived on.</summary>
public enum FleetListener
{
    /// <summary>REST API and dashboard (<c>Fleet:Endpoints:Api</c>).</summary>
    Api,

    /// <summary>The POS-facing pairing and mutual-TLS listener (<c>Fleet:Endpoints:Device</c>).</summary>
    Device,
}
