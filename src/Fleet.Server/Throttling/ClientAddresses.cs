using System.Net;
using System.Net.Sockets;

namespace Fleet.Server.Throttling;

/// <summary>The key a brake counts a client address under: an IPv4 address as itself (also when it
/// arrives IPv4-mapped on a dual-stack socket), an IPv6 address by its /64, which one subscriber
/// usually holds whole (counting single IPv6 addresses would let one host take 2^64 fresh starts).
/// Behind a reverse proxy every client is the proxy: Fleet trusts no forwarded headers.</summary>
public static class ClientAddresses
{
    public static string KeyOf(IPAddress? address)
    {
        if (address is null) return "unknown";
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (address.AddressFamily != AddressFamily.InterNetworkV6) return address.ToString();
        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }
}
