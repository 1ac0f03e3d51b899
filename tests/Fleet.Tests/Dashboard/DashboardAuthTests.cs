using System.Net;
using Fleet.Access;
using Fleet.Common;
using Fleet.Server.Security;
using Fleet.Server.Services;
using Fleet.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Fleet.Tests.Dashboard;

/// <summary>The boundary between the REST API's keys and the dashboard's sessions.</summary>
public sealed class DashboardAuthTests(DashboardAuthTests.Fixture fixture) : IClassFixture<DashboardAuthTests.Fixture>
{
    public const string AdminPassword = "dashboard-admin-password";
    private readonly FleetServer _server = fixture.Server;

    public sealed class Fixture : IAsyncLifetime
    {
        public FleetServer Server { get; private set; } = null!;
        public async Task InitializeAsync() => Server = await FleetServer.StartAsync(new()
        {
            ["Fleet:Admin:Password"] = AdminPassword,
            // Off by default (it costs start-up time); these tests check it stays admin-only when on.
            ["Fleet:Dashboard:OrleansDashboard"] = "true",
        });
        public async Task DisposeAsync() => await Server.DisposeAsync();
    }

    private HttpClient Browser() => new(new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true },
    }) { BaseAddress = _server.ApiBase };

    [Fact]
    public async Task Pages_redirect_to_sign_in_but_the_api_still_answers_401_problems()
    {
        var browser = Browser();
        browser.DefaultRequestHeaders.Accept.ParseAdd("text/html");
        foreach (var path in new[] { "/", "/stores", "/admin/users", "/orleans/" })
        {
            var response = await browser.GetAsync(path);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.StartsWith("/login", response.Headers.Location!.PathAndQuery);
        }
        await (await browser.GetAsync("/api/v1/stores")).AssertProblemAsync(401);
        Assert.Equal(HttpStatusCode.NotFound, (await browser.PostAsync("/", new StringContent("{}"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/login")).StatusCode);
    }

    [Fact]
    public async Task A_session_cookie_does_not_authenticate_the_api()
    {
        // Even a real cookie is ignored on /api: the REST API cannot be driven cross-site.
        var browser = Browser();
        browser.DefaultRequestHeaders.Add("Cookie", $"{DashboardAuthentication.CookieName}=anything");
        await (await browser.GetAsync("/api/v1/fleet/health")).AssertProblemAsync(401);
    }

    [Fact]
    public async Task Sign_in_without_the_antiforgery_token_is_refused()
    {
        var response = await Browser().PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login", ["Input.UserName"] = "admin", ["Input.Password"] = AdminPassword,
        }));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.DoesNotContain(response.Headers, h => h.Key == "Set-Cookie" && h.Value.Any(v => v.Contains(DashboardAuthentication.CookieName)));
    }

    [Fact]
    public async Task The_dashboard_is_not_served_on_the_device_listener()
    {
        var device = new HttpClient(new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true },
        }) { BaseAddress = new Uri($"https://127.0.0.1:{_server.DevicePort}") };
        // ("/" on the device listener is the pairing socket, not the overview.)
        foreach (var path in new[] { "/login", "/stores", "/admin/users", "/orleans/", "/_content/MudBlazor/MudBlazor.min.css" })
            Assert.Equal(HttpStatusCode.NotFound, (await device.GetAsync(path)).StatusCode);
    }

    [Fact]
    public async Task Users_are_stored_hashed_and_the_last_admin_stays()
    {
        var users = _server.Services.GetRequiredService<DashboardUserService>();
        Assert.NotNull(await users.VerifyAsync("admin", AdminPassword));
        Assert.Null(await users.VerifyAsync("admin", "wrong-password-entirely"));
        Assert.Null(await users.VerifyAsync("nobody-here", AdminPassword));

        var credential = await _server.Services.GetRequiredService<IGrainFactory>().GetGrain<IDashboardUserGrain>("admin").GetCredential();
        Assert.DoesNotContain(AdminPassword, credential!.PasswordHash);
        Assert.StartsWith("AQAAAA", credential.PasswordHash); // Identity's v3 format: PBKDF2 with a salt

        var invalid = await users.CreateAsync("x", ApiRole.Viewer, "short");
        Assert.Equal(CommandStatus.Invalid, invalid.Status);
        Assert.Contains(invalid.Errors, e => e.Field == "userName");
        Assert.Contains(invalid.Errors, e => e.Field == "password");

        Assert.Equal(CommandStatus.Conflict, (await users.SetRoleAsync("admin", ApiRole.Viewer)).Status);
        Assert.Equal(CommandStatus.Conflict, (await users.DeleteAsync("admin", "someone-else")).Status);

        var name = Unique.Id("op");
        Assert.Equal(CommandStatus.Created, (await users.CreateAsync(name, ApiRole.Operator, "operator-password-1")).Status);
        Assert.Equal(CommandStatus.Conflict, (await users.CreateAsync(name.ToUpperInvariant(), ApiRole.Viewer, "operator-password-1")).Status);
        var before = (await users.CurrentAsync(name))!.SecurityStamp;
        Assert.Equal(CommandStatus.Updated, (await users.SetRoleAsync(name, ApiRole.Viewer)).Status);
        Assert.NotEqual(before, (await users.CurrentAsync(name))!.SecurityStamp); // old sessions end
        Assert.Equal(CommandStatus.Conflict, (await users.DeleteAsync(name, name)).Status);
        Assert.Equal(CommandStatus.Deleted, (await users.DeleteAsync(name, "admin")).Status);
        Assert.Null(await users.VerifyAsync(name, "operator-password-1"));
    }

    [Fact]
    public async Task Without_a_configured_password_the_first_start_creates_one_admin()
    {
        await using var server = await FleetServer.StartAsync();
        var users = server.Services.GetRequiredService<DashboardUserService>();
        var page = await users.ListAsync(10, null);
        var admin = Assert.Single(page.Items);
        Assert.Equal(("admin", "admin"), (admin.UserName, admin.Role));

        await server.RestartAsync(); // not recreated, not reset
        var again = await server.Services.GetRequiredService<DashboardUserService>().ListAsync(10, null);
        Assert.Equal(admin.CreatedAt, Assert.Single(again.Items).CreatedAt);
    }
}
