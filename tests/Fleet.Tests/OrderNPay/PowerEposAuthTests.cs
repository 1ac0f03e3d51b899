using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Fleet.Tests.Infrastructure;

namespace Fleet.Tests.OrderNPay;

/// <summary>The seed-004 contract: <c>POST /api/powerepos/v1/auth</c> and the socket upgrade's
/// refusals, over real HTTPS on loopback.</summary>
public sealed class PowerEposAuthTests(OrderNPayFixture fixture) : IClassFixture<OrderNPayFixture>
{
    private readonly FleetServer _server = fixture.Server;
    private readonly OrderNPayHarness _pos = new(fixture.Server);

    [Fact]
    public async Task Auth_answers_an_opaque_access_token_in_the_contract_shape()
    {
        var (outlet, remote, secret) = await _pos.OutletAsync();
        var response = await _pos.AuthAsync(outlet, remote, secret);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var body = (JsonObject)(await response.JsonAsync());
        Assert.Equal(["AccessToken"], body.Select(p => p.Key));
        var token = body["AccessToken"]!.GetValue<string>();
        // 256 random bits are 43 base64url characters; the part before the dot names the outlet.
        Assert.True(token.Split('.')[1].Length >= 43, token);
        Assert.NotEqual(token, await _pos.TokenAsync(outlet, remote, secret));
    }

    [Fact]
    public async Task Each_failed_check_has_its_own_ErrorMessage_and_never_echoes_the_secret()
    {
        var (outlet, remote, secret) = await _pos.OutletAsync();

        await AssertErrorAsync(await _pos.AuthAsync("no-such-outlet", remote, secret), 401, "ProviderOutletID");
        await AssertErrorAsync(await _pos.AuthAsync(outlet, "TestOrg-other", secret), 401, "The POSRemoteID does not match this outlet.");
        var wrong = await AssertErrorAsync(await _pos.AuthAsync(outlet, remote, "not-the-secret"), 401, "The auth secret was not valid!");
        Assert.Equal("The auth secret was not valid!", wrong);
    }

    [Fact]
    public async Task Malformed_or_incomplete_requests_get_the_ErrorMessage_shape_not_problem_details()
    {
        var malformed = await _pos.Anonymous.PostAsync("/api/powerepos/v1/auth",
            new StringContent("{\"ProviderOutletID\": \"x\",", Encoding.UTF8, "application/json"));
        Assert.NotEqual("application/problem+json", malformed.Content.Headers.ContentType?.MediaType);
        await AssertErrorAsync(malformed, 400, "not valid JSON");

        var missing = await _pos.Anonymous.PostAsJsonAsync("/api/powerepos/v1/auth", new Dictionary<string, string> { ["ProviderOutletID"] = "x" });
        await AssertErrorAsync(missing, 400, "are all required");

        var array = await _pos.Anonymous.PostAsync("/api/powerepos/v1/auth", new StringContent("[1,2]", Encoding.UTF8, "application/json"));
        await AssertErrorAsync(array, 400, "not valid JSON");
    }

    [Fact]
    public async Task Failures_per_outlet_are_throttled_until_the_window_passes()
    {
        var (outlet, remote, secret) = await _pos.OutletAsync();
        for (var i = 0; i < 3; i++) await AssertErrorAsync(await _pos.AuthAsync(outlet, remote, "guess-" + i), 401, "auth secret");

        var blocked = await _pos.AuthAsync(outlet, remote, secret);
        await AssertErrorAsync(blocked, 429, "Too many failed attempts");
        Assert.True(blocked.Headers.RetryAfter?.Delta > TimeSpan.Zero);

        _server.Time.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1));
        await _pos.TokenAsync(outlet, remote, secret);
    }

    [Fact]
    public async Task Failures_per_client_address_are_throttled_across_outlets()
    {
        var settings = new Dictionary<string, string?>(OrderNPayFixture.Settings) { ["Fleet:OrderNPay:AddressFailureLimit"] = "2" };
        await using var server = await FleetServer.StartAsync(settings);
        var pos = new OrderNPayHarness(server);
        var (outlet, remote, secret) = await pos.OutletAsync();

        await AssertErrorAsync(await pos.AuthAsync("unknown-1", remote, secret), 401, "ProviderOutletID");
        await AssertErrorAsync(await pos.AuthAsync("unknown-2", remote, secret), 401, "ProviderOutletID");
        // Good credentials for a real outlet are refused too: the address is blocked, not the outlet.
        await AssertErrorAsync(await pos.AuthAsync(outlet, remote, secret), 429, "Too many failed attempts");
    }

    [Fact]
    public async Task Failures_from_one_address_never_refuse_the_right_credentials_from_another()
    {
        var (outlet, remote, secret) = await _pos.OutletAsync();
        var attacker = new OrderNPayHarness(_server, LoopbackSource.Second);
        for (var i = 0; i < 3; i++) await AssertErrorAsync(await attacker.AuthAsync(outlet, remote, "guess-" + i), 401, "auth secret");
        var blocked = await attacker.AuthAsync(outlet, remote, secret);
        await AssertErrorAsync(blocked, 429, "Too many failed attempts");
        Assert.True(blocked.Headers.RetryAfter?.Delta > TimeSpan.Zero);

        // The store id is no secret: guessing at it from elsewhere must not lock the real outlet out.
        await _pos.TokenAsync(outlet, remote, secret);
        await _pos.TokenAsync(outlet, remote, secret);
    }

    [Fact]
    public async Task Blocks_in_a_row_back_off_and_a_success_forgives()
    {
        var (outlet, remote, secret) = await _pos.OutletAsync();
        var pos = new OrderNPayHarness(_server, LoopbackSource.Third);
        for (var i = 0; i < 3; i++) await AssertErrorAsync(await pos.AuthAsync(outlet, remote, "guess-" + i), 401, "auth secret");
        var first = await pos.AuthAsync(outlet, remote, secret);
        await AssertErrorAsync(first, 429, "Too many failed attempts");
        Assert.True(first.Headers.RetryAfter!.Delta <= TimeSpan.FromMinutes(5));

        _server.Time.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1));
        for (var i = 0; i < 3; i++) await AssertErrorAsync(await pos.AuthAsync(outlet, remote, "again-" + i), 401, "auth secret");
        var second = await pos.AuthAsync(outlet, remote, secret);
        await AssertErrorAsync(second, 429, "Too many failed attempts");
        Assert.True(second.Headers.RetryAfter!.Delta > TimeSpan.FromMinutes(5)); // twice the first block

        _server.Time.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1));
        await AssertErrorAsync(await pos.AuthAsync(outlet, remote, secret), 429, "Too many failed attempts");
        _server.Time.Advance(TimeSpan.FromMinutes(5));
        await pos.TokenAsync(outlet, remote, secret);
        // The success forgave the count: two more slips do not block.
        for (var i = 0; i < 2; i++) await AssertErrorAsync(await pos.AuthAsync(outlet, remote, "slip-" + i), 401, "auth secret");
        await pos.TokenAsync(outlet, remote, secret);
    }

    [Fact]
    public async Task A_token_expires_after_its_lifetime_on_the_injected_clock()
    {
        var (outlet, remote, secret) = await _pos.OutletAsync();
        var token = await _pos.TokenAsync(outlet, remote, secret);

        _server.Time.Advance(TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.Unauthorized, await _pos.RefusedUpgradeAsync($"/?token={token}"));

        using var socket = await _pos.ConnectAsync(await _pos.TokenAsync(outlet, remote, secret));
        Assert.Equal(System.Net.WebSockets.WebSocketState.Open, socket.State);
        await OrderNPayHarness.CloseAsync(socket);
    }

    [Fact]
    public async Task Upgrades_without_a_valid_token_are_refused_with_401_on_both_paths()
    {
        var (outlet, remote, secret) = await _pos.OutletAsync();
        var good = await _pos.TokenAsync(outlet, remote, secret);
        var forged = good[..good.IndexOf('.')] + "." + new string('A', 43);
        foreach (var path in new[] { "/", "/api/powerepos/v1/ws" })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, await _pos.RefusedUpgradeAsync(path));
            Assert.Equal(HttpStatusCode.Unauthorized, await _pos.RefusedUpgradeAsync($"{path}?token="));
            Assert.Equal(HttpStatusCode.Unauthorized, await _pos.RefusedUpgradeAsync($"{path}?token=garbage"));
            Assert.Equal(HttpStatusCode.Unauthorized, await _pos.RefusedUpgradeAsync($"{path}?token={Uri.EscapeDataString(forged)}"));
        }
        var outletState = await _pos.Operator.GetJsonAsync($"/api/v1/stores/{outlet}/order-n-pay");
        Assert.False(outletState["connection"]!["connected"]!.GetValue<bool>());
    }

    [Fact]
    public async Task The_root_path_is_only_the_socket_for_WebSocket_upgrades()
    {
        // A plain GET of '/' is the dashboard's (HTML, or its sign-in redirect), never the socket's
        // ErrorMessage answer.
        var plain = await _pos.Anonymous.GetAsync("/?token=anything");
        Assert.Contains(plain.StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.Redirect, HttpStatusCode.Found });
        Assert.Equal("text/html", plain.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("ErrorMessage", await plain.Content.ReadAsStringAsync());
        await AssertErrorAsync(await _pos.Anonymous.GetAsync("/api/powerepos/v1/ws?token=x"), 400, "WebSocket");
    }

    [Fact]
    public async Task The_device_listener_root_is_never_the_Order_N_Pay_socket()
    {
        var (outlet, remote, secret) = await _pos.OutletAsync();
        var token = await _pos.TokenAsync(outlet, remote, secret);
        using var socket = _server.WebSocketClient();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            // Whatever the device listener does with it (it is the pairing socket there), the
            // Order N Pay outlet must not see a connection.
            await socket.ConnectAsync(new Uri($"wss://127.0.0.1:{_server.DevicePort}/?token={Uri.EscapeDataString(token)}"), timeout.Token);
        }
        catch (System.Net.WebSockets.WebSocketException)
        {
        }
        var view = await _pos.Operator.GetJsonAsync($"/api/v1/stores/{outlet}/order-n-pay");
        Assert.Null(view["connection"]!["lastSeenAt"]);
        Assert.False(view["connection"]!["connected"]!.GetValue<bool>());

        using var onApi = await _pos.ConnectAsync(token);
        await OrderNPayHarness.CloseAsync(onApi);
    }

    [Fact]
    public async Task Rotating_the_secret_invalidates_outstanding_tokens_and_resending_it_does_not()
    {
        var (outlet, remote, secret) = await _pos.OutletAsync();
        var token = await _pos.TokenAsync(outlet, remote, secret);

        var same = await _pos.Operator.PutJsonAsync($"/api/v1/stores/{outlet}/order-n-pay", new { posRemoteId = remote, authSecret = secret });
        Assert.Equal(HttpStatusCode.OK, same.StatusCode);
        using (var socket = await _pos.ConnectAsync(token)) await OrderNPayHarness.CloseAsync(socket);

        var rotated = await _pos.Operator.PutJsonAsync($"/api/v1/stores/{outlet}/order-n-pay", new { posRemoteId = remote, authSecret = "brand-new-secret" });
        Assert.Equal(HttpStatusCode.OK, rotated.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, await _pos.RefusedUpgradeAsync($"/?token={token}"));
        await AssertErrorAsync(await _pos.AuthAsync(outlet, remote, secret), 401, "The auth secret was not valid!");
        await _pos.TokenAsync(outlet, remote, "brand-new-secret");
    }

    [Fact]
    public async Task The_integration_is_managed_with_problem_details_and_never_shows_the_secret()
    {
        var (outlet, remote, secret) = await _pos.OutletAsync();
        var get = await _pos.Operator.GetAsync($"/api/v1/stores/{outlet}/order-n-pay");
        var text = await get.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.DoesNotContain(secret, text);
        Assert.DoesNotContain("secret\"", text, StringComparison.OrdinalIgnoreCase);
        var view = JsonNode.Parse(text)!;
        Assert.Equal(outlet, view["providerOutletId"]!.GetValue<string>());
        Assert.Equal(remote, view["posRemoteId"]!.GetValue<string>());

        await (await _pos.Operator.PutJsonAsync("/api/v1/stores/no-such-store/order-n-pay",
            new { posRemoteId = "r", authSecret = "long-enough-secret" })).AssertProblemAsync(404);
        var store = Unique.Id("store");
        (await _pos.Operator.PutJsonAsync($"/api/v1/stores/{store}", new { name = "S", timeZone = "UTC" })).EnsureSuccessStatusCode();
        var noSecret = await (await _pos.Operator.PutJsonAsync($"/api/v1/stores/{store}/order-n-pay", new { posRemoteId = "r" })).AssertProblemAsync(400);
        Assert.NotNull(noSecret["errors"]!["authSecret"]);
        var shortSecret = await (await _pos.Operator.PutJsonAsync($"/api/v1/stores/{store}/order-n-pay", new { posRemoteId = "r", authSecret = "short" })).AssertProblemAsync(400);
        Assert.NotNull(shortSecret["errors"]!["authSecret"]);
        await (await _pos.Operator.PutRawAsync($"/api/v1/stores/{store}/order-n-pay", "{\"posRemoteId\":")).AssertProblemAsync(400);
        await (await _pos.Operator.GetAsync($"/api/v1/stores/{store}/order-n-pay")).AssertProblemAsync(404);
        await (await _server.Client(apiKey: null).GetAsync($"/api/v1/stores/{outlet}/order-n-pay")).AssertProblemAsync(401);
    }

    private static async Task<string> AssertErrorAsync(HttpResponseMessage response, int status, string contains)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == status, $"expected {status}, got {(int)response.StatusCode}: {text}");
        var body = (JsonObject)JsonNode.Parse(text)!;
        Assert.Equal(["ErrorMessage"], body.Select(p => p.Key));
        var message = body["ErrorMessage"]!.GetValue<string>();
        Assert.Contains(contains, message);
        return message;
    }
}
