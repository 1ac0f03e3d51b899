namespace Fleet.Server.Hosting;

/// <summary>Set on every connection by a Kestrel connection middleware, so routing can tell the
/// listeners apart without trusting anything the client sends (such as the Host header).</summary>
public sealed record ListenerFeature(FleetListener Listener);
