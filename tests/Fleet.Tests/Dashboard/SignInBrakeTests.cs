using System.Net;
using Fleet.Access;
using Fleet.Server.Security;
using Fleet.Server.Services;
using Fleet.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Fleet.Tests.Dashboard;

/// <summary>Dashboard sign-in under its brakes (issue 15, point 3), through the real sign-in page.
/// Each test has accounts of its own; the server's limits are small so tests stay short.</summary>
public sealed class SignInBrakeTests(SignInBrakeTests.Fixture fixture) : IClassFixture<SignInBrakeTests.Fixture>
{
    private readonly FleetServer _server = fixture.Server;

    public sealed class Fixture : IAsyncLifetime
    {
        public FleetServer Server { get; private set; } = null!;

        public async Task InitializeAsync() => Server = await FleetServer.StartAsync(new()
        {
            ["Fleet:SignIn:Account:Limit"] = "5",
            ["Fleet:SignIn:Account:Window"] = "00:01:00",
            ["Fleet:SignIn:Device:Limit"] = "5",
            ["Fleet:SignIn:Address:Limit"] = "50",
            ["Fleet:Hashing:Concurrency"] = "1",
            ["Fleet:Hashing:QueueTimeout"] = "00:01:00",
        });

        public async Task DisposeAsync() => await Server.DisposeAsync();
    }

    private DashboardUserService Users => _server.Services.GetRequiredService<DashboardUserService>();

    private async Task<string> AdminAsync(string password)
    {
        var name = Unique.Id("admin");
        Assert.True((await Users.CreateAsync(name, ApiRole.Admin, password)).Succeeded);
        return name;
    }

    [Fact]
    public async Task The_sign_in_page_never_echoes_the_submitted_password()
    {
        var name = await AdminAsync("the-right-password-1");
        var typed = "echo-" + Guid.NewGuid().ToString("N");
        var (response, html) = await new SignInPage(_server).SubmitAsync(name, typed);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("not correct", html);
        Assert.Contains(name, html); // the user name is kept for the next try
        Assert.DoesNotContain(typed, html);
    }

    [Fact]
    public async Task Guessing_brakes_the_account_but_never_locks_the_real_admin_out()
    {
        const string password = "real-admin-password-1";
        var name = await AdminAsync(password);
        var usual = new SignInPage(_server);
        await usual.SignInOkAsync(name, password); // the admin's own browser, from before the attack

        var attacker = new SignInPage(_server, LoopbackSource.Second);
        for (var i = 0; i < 5; i++) Assert.Equal(HttpStatusCode.BadRequest, (await attacker.SubmitAsync(name, $"guess-{i}-{Guid.NewGuid()}")).Response.StatusCode);
        var (blocked, page) = await attacker.SubmitAsync(name, password);
        Assert.Equal(HttpStatusCode.TooManyRequests, blocked.StatusCode);
        Assert.True(blocked.Headers.RetryAfter!.Delta > TimeSpan.Zero);
        Assert.Contains("Too many failed sign-ins", page);

        // The browser the admin signed in with before is braked on its own: still gets in.
        await usual.SameDeviceSignedOut().SignInOkAsync(name, password);
        // A browser the account has never seen waits for the block to end, which it always does.
        var elsewhere = new SignInPage(_server, LoopbackSource.Third);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await elsewhere.SubmitAsync(name, password)).Response.StatusCode);
        _server.Time.Advance(TimeSpan.FromMinutes(1));
        await elsewhere.SignInOkAsync(name, password);
    }

    [Fact]
    public async Task Failed_sign_ins_are_audited_in_aggregate()
    {
        var name = await AdminAsync("aggregate-password-1");
        var address = IPAddress.Parse("198.51.100.23");
        for (var i = 0; i < 40; i++) Assert.Null(await Users.VerifyAsync(name, $"wrong-{i}", address));

        var events = (await _server.Client().GetJsonAsync($"/api/v1/audit?actor=user:{name}&limit=100"))["items"]!.AsArray();
        var actions = events.Select(e => e!["action"]!.GetValue<string>()).Order().ToArray();
        // Forty attempts: the first of the burst, and the block the fifth one started (the other
        // 35 were refused before any hashing). Not forty rows.
        Assert.Equal(["dashboard.sign-in-failed", "dashboard.sign-in-throttled"], actions);
        var throttled = events.Single(e => e!["action"]!.GetValue<string>() == "dashboard.sign-in-throttled")!;
        Assert.Equal(5, throttled["detail"]!["failures"]!.GetValue<int>());
        Assert.Equal("account", throttled["detail"]!["brake"]!.GetValue<string>());
        Assert.Equal("198.51.100.23", throttled["clientAddress"]!.GetValue<string>());

        _server.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.Null(await Users.VerifyAsync(name, "wrong-again", address));
        Assert.NotNull(await Users.VerifyAsync(name, "aggregate-password-1", address));
        var signedIn = (await _server.Client().GetJsonAsync($"/api/v1/audit?actor=user:{name}&action=dashboard.signed-in"))["items"]!.AsArray().Single()!;
        Assert.Equal(1, signedIn["detail"]!["failedAttempts"]!.GetValue<int>());
    }

    [Fact]
    public async Task Password_hashing_waits_for_a_turn_on_the_silo()
    {
        var name = await AdminAsync("turn-taking-password-1");
        var gate = _server.Services.GetRequiredService<HashingGate>();
        using var holding = new SemaphoreSlim(0);
        using var release = new ManualResetEventSlim();
        // The only turn (Concurrency 1) is taken, as by a long hash.
        var held = Task.Run(() => gate.RunAsync(() => { holding.Release(); release.Wait(); return 0; }));
        await holding.WaitAsync();

        var signIn = Users.VerifyAsync(name, "turn-taking-password-1", IPAddress.Loopback);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (gate.Waiting == 0 && DateTime.UtcNow < deadline) await Task.Delay(10);
        Assert.Equal(1, gate.Waiting);
        Assert.False(signIn.IsCompleted); // queued behind the turn, not hashing beside it

        release.Set();
        await held;
        Assert.NotNull(await signIn);
    }
}
