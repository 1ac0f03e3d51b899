using Fleet.Common;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Fleet.Pairing;
using Microsoft.Extensions.Options;

namespace Fleet.Server.Pairing;

/// <summary>
/// Counts failed setup-code redemptions per client address (IPv6 per /64, which one subscriber
/// usually holds whole) in fixed windows; an address over the limit gets 429 until its window
/// ends. Kept in this silo's memory: it is a brake on guessing, not a record, and each silo brakes
/// on its own (docs/security.md counts the silos in).
/// </summary>
public sealed class AddressThrottle(IOptions<PairingOptions> options, FleetClock time)
{
    private const int CleanupAbove = 100_000;
    private readonly ConcurrentDictionary<string, Window> _windows = new(StringComparer.Ordinal);

    /// <summary>How long the address must wait, or null when it may try.</summary>
    public TimeSpan? RetryAfter(IPAddress? address)
    {
        if (!_windows.TryGetValue(Key(address), out var window)) return null;
        var now = time.GetUtcNow();
        lock (window)
        {
            if (now >= window.EndsAt || window.Failures < options.Value.MaxAddressFailures) return null;
            return window.EndsAt - now;
        }
    }

    public void RecordFailure(IPAddress? address)
    {
        var now = time.GetUtcNow();
        if (_windows.Count > CleanupAbove)
        {
            foreach (var (key, old) in _windows)
                if (old.EndsAt <= now) _windows.TryRemove(key, out _);
        }

        var window = _windows.GetOrAdd(Key(address), _ => new Window());
        lock (window)
        {
            if (now >= window.EndsAt)
            {
                window.EndsAt = now + options.Value.AddressFailureWindow;
                window.Failures = 0;
            }
            window.Failures++;
        }
    }

    private static string Key(IPAddress? address)
    {
        if (address is null) return "unknown";
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (address.AddressFamily != AddressFamily.InterNetworkV6) return address.ToString();
        var bytes = address.GetAddressBytes();
        return Convert.ToHexString(bytes, 0, 8) + "::/64";
    }

    private sealed class Window
    {
        public DateTimeOffset EndsAt { get; set; }
        public int Failures { get; set; }
    }
}
