using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using Fleet.Common;
using Fleet.Server.Pki;
using Fleet.Storage;
using Orleans.Configuration;

namespace Fleet.Server.Hosting;

/// <summary>The Orleans side of the host: clustering by storage mode, the Orleans ports (mutual TLS,
/// no gateway unless configured), and Fleet's grain storage.</summary>
public static class FleetSilo
{
    public static void Configure(ISiloBuilder silo, FleetOptions fleet, FleetDatabase database, IConfiguration configuration)
    {
        var options = configuration.GetSection(SiloOptions.Section).Get<SiloOptions>() ?? new SiloOptions();
        if (options.GatewayPort is <= 0 or > IPEndPoint.MaxPort)
            throw new InvalidOperationException($"{SiloOptions.Section}:GatewayPort must be a port number (1–65535), or unset for no gateway.");
        silo.Configure<ClusterOptions>(o =>
        {
            o.ClusterId = options.ClusterId;
            o.ServiceId = options.ServiceId;
        });

        if (fleet.Storage == StorageMode.Postgres)
        {
            silo.UseAdoNetClustering(o =>
            {
                o.Invariant = "Npgsql";
                o.ConnectionString = configuration.GetConnectionString("Fleet");
            });
            var advertised = AdvertisedAddress(options);
            var listen = options.ListenOnAnyAddress ? IPAddress.Any : advertised;
            silo.Configure<EndpointOptions>(o =>
            {
                o.AdvertisedIPAddress = advertised;
                o.SiloPort = options.SiloPort;
                o.SiloListeningEndpoint = new IPEndPoint(listen, options.SiloPort);
                // Orleans' own ConfigureEndpoints would bind a gateway on an ephemeral port for 0 here.
                o.GatewayPort = options.GatewayPort ?? 0;
                o.GatewayListeningEndpoint = options.GatewayPort is { } gateway ? new IPEndPoint(listen, gateway) : null;
            });
            // The defaults take ~15 s to declare a dead silo; a POS waiting on its grains should not.
            silo.Configure<ClusterMembershipOptions>(o =>
            {
                o.ProbeTimeout = TimeSpan.FromSeconds(1);
                o.NumMissedProbesLimit = 2;
                o.NumVotesForDeathDeclaration = 1;
                o.TableRefreshTimeout = TimeSpan.FromSeconds(5);
                o.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(5);
                o.DefunctSiloExpiration = TimeSpan.FromHours(1);
            });
        }
        else
        {
            // Loopback only; a gateway port of 0 means none.
            silo.UseLocalhostClustering(options.SiloPort, options.GatewayPort ?? 0, serviceId: options.ServiceId, clusterId: options.ClusterId);
        }

        silo.UseFleetTransportSecurity();
        silo.AddFleetGrainStorage(FleetStorage.Name, database);
    }

    private static IPAddress AdvertisedAddress(SiloOptions options)
    {
        if (options.AdvertisedAddress is { } text) return IPAddress.Parse(text);
        var address = NetworkInterface.GetAllNetworkInterfaces()
            .Where(n => n.OperationalStatus == OperationalStatus.Up && n.NetworkInterfaceType != NetworkInterfaceType.Loopback)
            .SelectMany(n => n.GetIPProperties().UnicastAddresses)
            .Select(a => a.Address)
            .FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork);
        return address ?? IPAddress.Loopback;
    }
}
