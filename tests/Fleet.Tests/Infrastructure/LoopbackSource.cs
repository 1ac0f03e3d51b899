using System.Net;
using System.Net.Sockets;

namespace Fleet.Tests.Infrastructure;

/// <summary>Clients that connect from a chosen loopback address: Linux routes all of 127.0.0.0/8 to
/// the loopback interface, so binding the client socket to 127.0.0.2 makes Fleet see a second
/// client machine, which is what per-address brakes need to be tested.</summary>
public static class LoopbackSource
{
    public static readonly IPAddress Second = IPAddress.Parse("127.0.0.2");
    public static readonly IPAddress Third = IPAddress.Parse("127.0.0.3");

    public static SocketsHttpHandler Handler(IPAddress? from)
    {
        var handler = new SocketsHttpHandler();
        if (from is null) return handler;
        handler.ConnectCallback = async (context, ct) =>
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                socket.Bind(new IPEndPoint(from, 0));
                await socket.ConnectAsync(IPAddress.Parse(context.DnsEndPoint.Host), context.DnsEndPoint.Port, ct);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        };
        return handler;
    }
}
