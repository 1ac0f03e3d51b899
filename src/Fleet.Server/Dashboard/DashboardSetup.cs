using Fleet.Server.Hosting;
using Fleet.Server.Security;
using Fleet.Server.Services;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.Options;
using MudBlazor;
using MudBlazor.Services;
using Orleans.Dashboard;

namespace Fleet.Server.Dashboard;

/// <summary>The headquarters dashboard: Blazor with interactive server rendering and MudBlazor,
/// served on the API listener next to the REST API, calling the same per-area services.</summary>
public static class DashboardSetup
{
    public static void AddFleetDashboard(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<DashboardOptions>().BindConfiguration(DashboardOptions.Section)
            .Validate(o => o.RefreshInterval >= TimeSpan.FromMilliseconds(100), "Fleet:Dashboard:RefreshInterval must be at least 100 ms.")
            .ValidateOnStart();
        services.AddRazorComponents().AddInteractiveServerComponents(o => o.DetailedErrors = false);
        services.AddCascadingAuthenticationState();
        services.AddScoped<AuthenticationStateProvider, DashboardAuthenticationStateProvider>();
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "__Host-fleet-antiforgery";
            o.Cookie.SecurePolicy = CookieSecurePolicy.Always;
        });
        services.AddMudServices(o =>
        {
            o.SnackbarConfiguration.PositionClass = Defaults.Classes.Position.BottomLeft;
            o.SnackbarConfiguration.PreventDuplicates = false;
            o.SnackbarConfiguration.VisibleStateDuration = 5000;
            o.SnackbarConfiguration.ShowCloseIcon = true;
        });
        services.AddSingleton<LiveRefresh>();
        services.AddSingleton<DashboardPasswords>();
        services.AddHostedService<DashboardAdminBootstrapper>();
    }

    /// <summary>Answers 404 for dashboard endpoints reached through any listener but the API one.
    /// Runs before authentication, so the device listener never even redirects to the sign-in page.</summary>
    public static void UseDashboardOnApiListenerOnly(this WebApplication app) =>
        app.Use(OnlyOnApiListener(app.Services.GetRequiredService<IOptions<FleetEndpointOptions>>().Value));

    /// <summary>Mounts the dashboard (after authentication and authorization).</summary>
    public static void MapFleetDashboard(this WebApplication app)
    {
        app.UseAntiforgery();

        app.MapStaticAssets().Add(e => e.Metadata.Add(DashboardEndpoint.Instance));
        app.MapRazorComponents<App>()
            .AddInteractiveServerRenderMode()
            .Add(e => e.Metadata.Add(DashboardEndpoint.Instance));
        app.MapPost("/account/logout", SignOutAsync).WithMetadata(DashboardEndpoint.Instance).ExcludeFromDescription();

        if (app.Services.GetRequiredService<IOptions<DashboardOptions>>().Value.OrleansDashboard)
        {
            app.MapOrleansDashboard(routePrefix: "/orleans")
                .RequireAuthorization(FleetPolicies.Admin)
                .WithMetadata(DashboardEndpoint.Instance);
        }
    }

    private static async Task<IResult> SignOutAsync(HttpContext context, IAntiforgery antiforgery)
    {
        if (!await antiforgery.IsRequestValidAsync(context))
            return TypedResults.Problem("The sign-out form has expired; reload the page.", statusCode: 400, title: "Bad request");
        await context.SignOutAsync(DashboardAuthentication.CookieScheme);
        return TypedResults.LocalRedirect("/login");
    }

    private static Func<HttpContext, RequestDelegate, Task> OnlyOnApiListener(FleetEndpointOptions endpoints)
    {
        var api = Uri.TryCreate(endpoints.Api, UriKind.Absolute, out var a) ? a.Port : -1;
        var device = Uri.TryCreate(endpoints.Device, UriKind.Absolute, out var d) ? d.Port : -1;
        return (context, next) =>
        {
            // The device listener faces store networks; the dashboard is for headquarters only.
            if (api != device && context.Connection.LocalPort != api
                && context.GetEndpoint()?.Metadata.GetMetadata<DashboardEndpoint>() is not null)
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            }
            return next(context);
        };
    }

    /// <summary>Marks the endpoints that belong to the dashboard.</summary>
    public sealed class DashboardEndpoint
    {
        public static readonly DashboardEndpoint Instance = new();
    }
}
