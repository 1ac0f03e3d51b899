using Fleet.Server.Hosting;
using Fleet.Server.Security;
using Fleet.Server.Services;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Components.Endpoints;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.AspNetCore.Routing;
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
        services.AddScoped<CircuitHandler, Audit.DashboardAuditCircuitHandler>();
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

    /// <summary>Mounts the dashboard (after authentication and authorization). Its endpoints carry no
    /// device-listener metadata, so <see cref="ListenerMatcherPolicy"/> serves them on the API listener only.</summary>
    public static void MapFleetDashboard(this WebApplication app)
    {
        app.UseAntiforgery();

        app.MapStaticAssets();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode().Add(GetOnlyUnlessForm);
        app.MapPost("/account/logout", SignOutAsync).ExcludeFromDescription();

        if (app.Services.GetRequiredService<IOptions<DashboardOptions>>().Value.OrleansDashboard)
        {
            app.MapOrleansDashboard(routePrefix: "/orleans")
                .RequireAuthorization(FleetPolicies.Admin);
        }
    }

    /// <summary>Only the sign-in page takes a form post; every other page answers GET alone, so that
    /// a POST to <c>/</c> or any page path finds no endpoint (404) instead of a page.</summary>
    private static void GetOnlyUnlessForm(EndpointBuilder endpoint)
    {
        var page = endpoint.Metadata.OfType<ComponentTypeMetadata>().FirstOrDefault()?.Type;
        if (page is null || page == typeof(Pages.Login)) return;
        foreach (var methods in endpoint.Metadata.OfType<HttpMethodMetadata>().ToArray()) endpoint.Metadata.Remove(methods);
        endpoint.Metadata.Add(new HttpMethodMetadata([HttpMethods.Get, HttpMethods.Head]));
    }

    private static async Task<IResult> SignOutAsync(HttpContext context, IAntiforgery antiforgery)
    {
        if (!await antiforgery.IsRequestValidAsync(context))
            return TypedResults.Problem("The sign-out form has expired; reload the page.", statusCode: 400, title: "Bad request");
        await context.SignOutAsync(DashboardAuthentication.CookieScheme);
        return TypedResults.LocalRedirect("/login");
    }

}
