using System.Net;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server.Circuits;

namespace Fleet.Server.Audit;

/// <summary>Gives every inbound activity of a dashboard circuit (a click, a submitted dialog) the
/// signed-in user and their address as <see cref="AuditScope"/>, so that the shared services record
/// who did it. A circuit has no HttpContext of its own; the address is the one of the connection
/// that opened the circuit, taken when it comes up.</summary>
internal sealed class DashboardAuditCircuitHandler(AuthenticationStateProvider authentication, IHttpContextAccessor http)
    : CircuitHandler
{
    private IPAddress? _address;

    public override Task OnConnectionUpAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        _address = http.HttpContext?.Connection.RemoteIpAddress ?? _address;
        return Task.CompletedTask;
    }

    public override Func<CircuitInboundActivityContext, Task> CreateInboundActivityHandler(Func<CircuitInboundActivityContext, Task> next) =>
        async context =>
        {
            _address ??= http.HttpContext?.Connection.RemoteIpAddress;
            var state = await authentication.GetAuthenticationStateAsync();
            using (AuditScope.Use(AuditActor.From(state.User, _address)))
                await next(context);
        };
}
