using Fleet.Server.Security;
using Fleet.Server.Services;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;

namespace Fleet.Server.Dashboard;

/// <summary>A circuit outlives the request that opened it; this re-checks the user's security stamp
/// every half minute so that a deleted, demoted or re-passworded user's open tabs sign out too.</summary>
internal sealed class DashboardAuthenticationStateProvider(ILoggerFactory loggerFactory, IServiceScopeFactory scopes)
    : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    protected override TimeSpan RevalidationInterval => TimeSpan.FromSeconds(30);

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState state, CancellationToken ct)
    {
        var name = state.User.Identity?.Name;
        var stamp = state.User.FindFirst(FleetClaims.SecurityStamp)?.Value;
        if (name is null || stamp is null) return false;
        await using var scope = scopes.CreateAsyncScope();
        var current = await scope.ServiceProvider.GetRequiredService<DashboardUserService>().CurrentAsync(name);
        return current is not null && current.SecurityStamp == stamp;
    }
}
