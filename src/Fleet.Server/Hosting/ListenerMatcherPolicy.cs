using Microsoft.AspNetCore.Routing.Matching;

namespace Fleet.Server.Hosting;

/// <summary>Keeps the two listeners' routes apart: device endpoints match only on the device
/// listener, every other endpoint only on the API listener. Filtering during routing means a
/// route of the other listener is simply not there (404), never reachable by a crafted request.</summary>
public sealed class ListenerMatcherPolicy : MatcherPolicy, IEndpointSelectorPolicy
{
    public override int Order => 0;

    public bool AppliesToEndpoints(IReadOnlyList<Endpoint> endpoints) => endpoints.Count > 0;

    public Task ApplyAsync(HttpContext httpContext, CandidateSet candidates)
    {
        // Connections that did not come through a Fleet listener (none in production) count as API.
        var listener = httpContext.Features.Get<ListenerFeature>()?.Listener ?? FleetListener.Api;
        for (var i = 0; i < candidates.Count; i++)
        {
            var device = candidates[i].Endpoint.Metadata.GetMetadata<DeviceListenerMetadata>() is not null;
            if (device != (listener == FleetListener.Device)) candidates.SetValidity(i, false);
        }
        return Task.CompletedTask;
    }
}
