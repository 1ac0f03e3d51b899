using System.Security.Claims;
using Fleet.Access;
using Fleet.Server.Licences;
using Fleet.Server.Services;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Caching.Memory;

namespace Fleet.Server.Security;

/// <summary>The ways in, chosen by path (the default scheme <see cref="FleetAuthentication.Scheme"/> is a
/// policy scheme): the srv4pos licence paths authenticate licence keys; <c>/api/…</c> authenticates API
/// keys only (and answers 401/403 with problem details, never a login redirect, and never honours a
/// browser cookie, so the REST API cannot be driven cross-site); everything else is the dashboard's
/// cookie session, which redirects to the sign-in page.</summary>
public static class DashboardAuthentication
{
    public const string CookieScheme = "FleetDashboard";
    public const string CookieName = "__Host-fleet-session";

    /// <summary>How long a validated session is trusted before its user's grain is asked again.</summary>
    private static readonly TimeSpan RecheckAfter = TimeSpan.FromSeconds(10);

    public static AuthenticationBuilder AddFleetAuthentication(this IServiceCollection services)
    {
        services.AddMemoryCache();
        return services.AddAuthentication(FleetAuthentication.Scheme)
            .AddPolicyScheme(FleetAuthentication.Scheme, "Licence key, API key on /api, dashboard session elsewhere", o =>
                o.ForwardDefaultSelector = context =>
                    LicenceRoutes.Owns(context.Request.Path) ? LicenceAuthenticationHandler.SchemeName
                    : IsApi(context.Request.Path) ? ApiKeyAuthenticationHandler.Scheme
                    : CookieScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.Scheme, null)
            .AddScheme<AuthenticationSchemeOptions, LicenceAuthenticationHandler>(LicenceAuthenticationHandler.SchemeName, null)
            .AddCookie(CookieScheme, o =>
            {
                o.Cookie.Name = CookieName;
                o.Cookie.HttpOnly = true;
                o.Cookie.SecurePolicy = CookieSecurePolicy.Always;
                o.Cookie.SameSite = SameSiteMode.Lax;
                o.Cookie.Path = "/";
                o.LoginPath = "/login";
                o.AccessDeniedPath = "/denied";
                o.ReturnUrlParameter = "returnUrl";
                o.ExpireTimeSpan = TimeSpan.FromHours(8);
                o.SlidingExpiration = true;
                o.Events.OnValidatePrincipal = ValidateAsync;
            });
    }

    public static bool IsApi(PathString path) => path.StartsWithSegments("/api");

    /// <summary>The session principal: name, role (the claim the policies read) and security stamp.</summary>
    public static ClaimsPrincipal Principal(DashboardCredential credential) => new(new ClaimsIdentity(
    [
        new Claim(ClaimTypes.Name, credential.UserName),
        new Claim(FleetClaims.Role, credential.Role.ToWire()),
        new Claim(FleetClaims.SecurityStamp, credential.SecurityStamp),
    ], CookieScheme, ClaimTypes.Name, FleetClaims.Role));

    /// <summary>A session ends as soon as its user is deleted or their role or password changes:
    /// the stamp in the cookie no longer matches the user's grain. Checked at most every few seconds
    /// per user and stamp on this silo.</summary>
    private static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var name = context.Principal?.Identity?.Name;
        var stamp = context.Principal?.FindFirst(FleetClaims.SecurityStamp)?.Value;
        if (name is null || stamp is null)
        {
            await RejectAsync(context);
            return;
        }
        var cache = context.HttpContext.RequestServices.GetRequiredService<IMemoryCache>();
        var key = $"fleet-session:{name}:{stamp}";
        if (cache.TryGetValue(key, out _)) return;

        var users = context.HttpContext.RequestServices.GetRequiredService<DashboardUserService>();
        var current = await users.CurrentAsync(name);
        if (current is null || current.SecurityStamp != stamp)
        {
            await RejectAsync(context);
            return;
        }
        cache.Set(key, true, RecheckAfter);
    }

    private static async Task RejectAsync(CookieValidatePrincipalContext context)
    {
        context.RejectPrincipal();
        await context.HttpContext.SignOutAsync(CookieScheme);
    }
}
