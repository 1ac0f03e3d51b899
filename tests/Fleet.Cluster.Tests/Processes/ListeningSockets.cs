using System.Globalization;
using System.Net;

namespace Fleet.Cluster.Tests.Processes;

/// <summary>What a process listens on, read from Linux's /proc: its socket inodes (/proc/PID/fd)
/// matched against the kernel's TCP tables in LISTEN state. What is open is what an attacker on the
/// network sees, whatever the configuration says.</summary>
internal static class ListeningSockets
{
    private const string Listen = "0A";

    public static IReadOnlyList<IPEndPoint> Of(int pid)
    {
        var inodes = new HashSet<string>();
        foreach (var descriptor in Directory.EnumerateFileSystemEntries($"/proc/{pid}/fd"))
        {
            try
            {
                if (new FileInfo(descriptor).LinkTarget is { } target && target.StartsWith("socket:[", StringComparison.Ordinal))
                    inodes.Add(target["socket:[".Length..^1]);
            }
            catch (IOException)
            {
                // closed while we looked
            }
        }

        var endpoints = new List<IPEndPoint>();
        foreach (var table in new[] { "/proc/net/tcp", "/proc/net/tcp6" })
        {
            if (!File.Exists(table)) continue;
            // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode ...
            foreach (var line in File.ReadLines(table).Skip(1))
            {
                var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (fields[3] == Listen && inodes.Contains(fields[9])) endpoints.Add(Parse(fields[1]));
            }
        }
        return endpoints;
    }

    // "0100007F:3039": the address as 32-bit words in host byte order, then the port in hex.
    private static IPEndPoint Parse(string text)
    {
        var (address, port) = (text[..text.IndexOf(':')], text[(text.IndexOf(':') + 1)..]);
        var bytes = Enumerable.Range(0, address.Length / 8)
            .SelectMany(i => BitConverter.GetBytes(uint.Parse(address.AsSpan(i * 8, 8), NumberStyles.HexNumber)))
            .ToArray();
        return new IPEndPoint(new IPAddress(bytes), int.Parse(port, NumberStyles.HexNumber));
    }
}
