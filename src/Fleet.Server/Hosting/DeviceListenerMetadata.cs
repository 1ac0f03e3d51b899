namespace Fleet.Server.Hosting;

/// <summary>Endpoint metadata: served on the device listener only. Endpoints without it are served
/// on the API listener only (see <see cref="ListenerMatcherPolicy"/>).</summary>
public sealed class DeviceListenerMetadata
{
    public static readonly DeviceListenerMetadata Instance = new();
}

public static class DeviceListenerExtensions
{
    /// <summary>Serves the endpoint (or group) on the device listener instead of the API listener.</summary>
    public static TBuilder OnDeviceListener<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder
    {
        builder.Add(endpoint => endpoint.Metadata.Add(DeviceListenerMetadata.Instance));
        return builder;
    }
}
