using System.Net;
using Fleet.Pairing;
using Fleet.Server.Hosting;
using Microsoft.Extensions.Options;

namespace Fleet.Server.Pairing;

/// <summary>The Details section of the "Generate Code" screen: where POS systems reach the device
/// listener over HTTPS and WSS.</summary>
public sealed class DeviceAddress(IOptions<FleetEndpointOptions> endpoints, IOptions<PairingOptions> pairing)
{
    public PairingDetails Details
    {
        get
        {
            var uri = new Uri(endpoints.Value.Device);
            var host = pairing.Value.PublicHost;
            if (string.IsNullOrWhiteSpace(host))
            {
                host = uri.Host is "0.0.0.0" or "*" or "+" or "[::]"
                    ? endpoints.Value.HostNames.FirstOrDefault() ?? Environment.MachineName
                    : uri.Host;
            }

            host = host.Trim();
            if (IPAddress.TryParse(host.Trim('[', ']'), out var ip) && ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6)
                host = $"[{ip}]";
            return new PairingDetails($"https://{host}:{uri.Port}/", $"wss://{host}:{uri.Port}/", uri.Port);
        }
    }
}

/// <summary>HTTP address, WSS address and port, as the contract's Details section lists them.</summary>
public sealed record PairingDetails(string HttpAddress, string WssAddress, int Port);
