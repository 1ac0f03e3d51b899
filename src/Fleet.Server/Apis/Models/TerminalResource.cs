using Fleet.Terminals;

namespace Fleet.Server.Apis.Models;

/// <summary>A terminal as the API returns it; <c>health</c> is online, offline or never;
/// <c>history</c> its recent health, oldest first, one entry per span of unchanged reports (see
/// <see cref="TerminalView"/>): <c>receivedAt</c> its first heartbeat, <c>seenUntil</c> its last, when later.</summary>
public sealed record TerminalResource(
    string TerminalId, string Kind, string SerialNumber, string StoreId, string? Model, string? AppVersion,
    string Health, HeartbeatResource? LastHeartbeat, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt,
    IReadOnlyList<HeartbeatResource> History)
{
    public static TerminalResource From(TerminalView view, DateTimeOffset now, TimeSpan offlineAfter) => new(
        view.TerminalId, view.Definition.Kind.ToWire(), view.Definition.SerialNumber, view.Definition.StoreId,
        view.Definition.Model, view.LastHeartbeat?.Report.AppVersion ?? view.Definition.AppVersion,
        TerminalHealthRules.Derive(view.LastHeartbeat?.ReceivedAt, now, offlineAfter).ToWire(),
        view.LastHeartbeat is { } h ? HeartbeatResource.From(h) : null,
        view.CreatedAt, view.UpdatedAt,
        view.History.Select(HeartbeatResource.From).ToArray());
}

public sealed record HeartbeatResource(
    DateTimeOffset ReceivedAt, string? AppVersion, string? IpAddress, int? LocalPort, int? Battery, string? Status,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    DateTimeOffset? SeenUntil = null)
{
    public static HeartbeatResource From(HeartbeatRecord h) => new(
        h.ReceivedAt, h.Report.AppVersion, h.Report.IpAddress, h.Report.LocalPort, h.Report.BatteryPercent, h.Report.Status,
        h.LastSeen > h.ReceivedAt ? h.LastSeen : null);
}
