using System.Net;
using Fleet.Common;

namespace Fleet.Terminals;

/// <summary>What a terminal reports about itself when it checks in.</summary>
[GenerateSerializer, Immutable, Alias("fleet.heartbeat")]
public sealed record Heartbeat(
    [property: Id(0)] string? AppVersion,
    [property: Id(1)] string? IpAddress,
    [property: Id(2)] int? LocalPort,
    [property: Id(3)] int? BatteryPercent,
    [property: Id(4)] string? Status)
{
    public IReadOnlyList<FieldError> Validate() => Validation.Collect(
        Text.Optional("appVersion", AppVersion, 50),
        IpAddress is null || IPAddress.TryParse(IpAddress, out _)
            ? null : new FieldError("ipAddress", $"'{IpAddress}' is not an IPv4 or IPv6 address."),
        LocalPort is null or (>= 1 and <= 65535)
            ? null : new FieldError("localPort", "'localPort' must be between 1 and 65535."),
        BatteryPercent is null or (>= 0 and <= 100)
            ? null : new FieldError("battery", "'battery' must be a percentage between 0 and 100."),
        Text.Optional("status", Status, 200));
}
