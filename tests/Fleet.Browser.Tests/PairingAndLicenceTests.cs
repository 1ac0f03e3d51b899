using Fleet.Access;
using Fleet.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Fleet.Browser.Tests;

/// <summary>The Generate Code screen, pairing seen live, revocation, licence approval and the
/// viewer's read-only view of those pages. The fleet clock is a FakeTimeProvider: the countdown
/// and the live refresh tick only when a test moves it.</summary>
[Collection(BrowserCollection.Name)]
public sealed class PairingAndLicenceTests(BrowserFixture fixture)
{
    private readonly FleetServer _server = fixture.Server;

    [Fact]
    public async Task Generate_code_shows_the_code_counts_down_and_rotates_at_zero()
    {
        var store = Unique.Id("gc");
        await _server.CreateStoreAsync(store);
        await _server.CreateTerminalAsync(store, $"{store}-t");

        var page = await fixture.SignInAsync();
        await page.GotoAsync($"/terminals/{store}-t");
        await page.GetByTestId("generate-code").ClickAsync();
        var code = page.GetByTestId("setup-code");
        var countdown = page.GetByTestId("code-countdown");
        await Expect(countdown).ToHaveAttributeAsync("data-seconds", "300");
        var first = (await code.InnerTextAsync()).Trim();
        Assert.Matches("^[A-Za-z0-9]{8}$", first);
        await Expect(countdown).ToContainTextAsync("5:00");

        // Each second of the fleet clock ticks the countdown.
        _server.Time.Advance(TimeSpan.FromSeconds(1));
        await Expect(countdown).ToHaveAttributeAsync("data-seconds", "299");
        await Expect(countdown).ToContainTextAsync("4:59");
        _server.Time.Advance(TimeSpan.FromSeconds(1));
        await Expect(countdown).ToHaveAttributeAsync("data-seconds", "298");

        // Details: where a POS reaches the pairing listener.
        await page.GetByText("Details", new() { Exact = true }).ClickAsync();
        await Expect(page.GetByTestId("details-port")).ToHaveTextAsync(_server.DevicePort.ToString());
        await Expect(page.GetByTestId("details-wss")).ToContainTextAsync("wss://");

        // At zero the page asks for the current code, which has rotated.
        _server.Time.Advance(TimeSpan.FromSeconds(298));
        await Expect(countdown).ToHaveAttributeAsync("data-seconds", "300");
        await Expect(code).Not.ToHaveTextAsync(first);
        var rotated = (await code.InnerTextAsync()).Trim();
        var rest = await _server.Client().GetJsonAsync($"/api/v1/terminals/{store}-t/setup-code");
        Assert.Equal(rotated, rest["code"]!.GetValue<string>());

        // Close window: confirmed, and the REST API agrees the window is closed.
        await page.GetByTestId("close-window").ClickAsync();
        await page.Locator(".mud-dialog").GetByRole(AriaRole.Button, new() { Name = "Close window" }).ClickAsync();
        await Expect(page.GetByTestId("generate-code")).ToBeVisibleAsync();
        var pairing = await _server.Client().GetJsonAsync($"/api/v1/terminals/{store}-t/pairing");
        Assert.False(pairing["windowOpen"]!.GetValue<bool>());
    }

    [Fact]
    public async Task A_pos_pairing_appears_live_and_is_revoked_from_its_page()
    {
        var store = Unique.Id("pair");
        var terminal = $"{store}-t";
        var pos = $"{store}-p";
        await _server.CreateStoreAsync(store);
        await _server.CreateTerminalAsync(store, terminal);
        await _server.CreatePosAsync(store, pos);

        var page = await fixture.SignInAsync();
        await page.GotoAsync($"/terminals/{terminal}");
        await page.GetByTestId("generate-code").ClickAsync();
        await Expect(page.GetByTestId("setup-code")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^\\s*\\S{8}\\s*$"));
        var code = (await page.GetByTestId("setup-code").InnerTextAsync()).Trim();
        await Expect(page.GetByTestId("activation-successful")).ToHaveCountAsync(0);

        var storePage = await page.Context.NewPageAsync();
        await storePage.GotoAsync($"/stores/{store}");
        await Expect(storePage.Locator($"[data-pos='{pos}']")).ToHaveAttributeAsync("data-paired", "false");
        await page.EvaluateAsync("() => window.__sameDocument = true");
        await storePage.EvaluateAsync("() => window.__sameDocument = true");

        // The POS pairs with the code shown on screen, over the device listener.
        await _server.PairAsync(pos, code);
        _server.Time.Advance(BrowserFixture.RefreshInterval);

        await Expect(page.GetByTestId("activation-successful")).ToContainTextAsync("POS Activation Successful");
        await Expect(page.Locator($"[data-paired-pos='{pos}']")).ToBeVisibleAsync();
        await Expect(storePage.Locator($"[data-pos='{pos}']")).ToHaveAttributeAsync("data-paired", "true");
        Assert.True(await page.EvaluateAsync<bool>("() => window.__sameDocument === true"), "The terminal page was reloaded.");
        Assert.True(await storePage.EvaluateAsync<bool>("() => window.__sameDocument === true"), "The store page was reloaded.");

        // Revoke it from the POS page, with a reason, after confirming.
        var certificates = await _server.Client().GetJsonAsync($"/api/v1/certificates?pos={pos}");
        var serial = certificates["items"]![0]!["serialNumber"]!.GetValue<string>();
        await page.GotoAsync($"/pos/{pos}");
        var row = page.Locator($"[data-certificate='{serial}']");
        await Expect(row).ToHaveAttributeAsync("data-state", "active");
        await page.GetByTestId($"revoke-{serial}").ClickAsync();
        await page.GetByTestId("reason-select").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "keyCompromise" }).ClickAsync();
        await page.GetByTestId("confirm-reason").ClickAsync();
        await Expect(row).ToHaveAttributeAsync("data-state", "revoked");
        await Expect(row).ToContainTextAsync("keyCompromise");
        var revoked = await _server.Client().GetJsonAsync($"/api/v1/certificates/{serial}");
        Assert.Equal("revoked", revoked["status"]!.GetValue<string>());
        Assert.Equal("keyCompromise", revoked["revocationReason"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_licence_is_approved_from_the_approval_queue()
    {
        var corporate = Unique.Id("corp");
        var store = Unique.Id("lic");
        await _server.CreateStoreAsync(store, corporate);
        await _server.CreatePosAsync(store, $"{store}-p");
        var productionNumber = await _server.ActivateLicenceAsync(corporate, $"{store}-p");

        var page = await fixture.SignInAsync();
        await page.GotoAsync($"/licences?corporateId={corporate}");
        await Expect(page.GetByTestId("view-PendingApproval")).ToHaveAttributeAsync("aria-current", "page");
        var row = page.Locator("tr", new() { Has = page.Locator($"[data-activation='{productionNumber}']") });
        await Expect(row.Locator("[data-licence-status]")).ToHaveAttributeAsync("data-licence-status", "PendingApproval");
        await page.GetByTestId($"approve-{productionNumber}").ClickAsync();
        await page.Locator(".mud-dialog").GetByRole(AriaRole.Button, new() { Name = "Approve", Exact = true }).ClickAsync();
        await Expect(page.GetByText($"Licence {productionNumber} approved.")).ToBeVisibleAsync();
        // It leaves the queue.
        await Expect(page.Locator($"[data-activation='{productionNumber}']")).ToHaveCountAsync(0);

        var activation = await _server.Client().GetJsonAsync($"/api/v1/activations/{productionNumber}");
        Assert.Equal("Active", activation["status"]!.GetValue<string>());
        var approved = activation["audit"]!.AsArray().Single(e => e!["action"]!.GetValue<string>() == "approved");
        Assert.Equal($"user:{BrowserFixture.AdminUser}", approved!["actor"]!.GetValue<string>());

        // The POS page shows the licence and its audit trail.
        await page.GotoAsync($"/pos/{store}-p");
        await Expect(page.Locator($"[data-activation='{productionNumber}'] [data-licence-status]")).ToHaveAttributeAsync("data-licence-status", "Active");
        await Expect(page.GetByTestId("pos-audit")).ToContainTextAsync($"user:{BrowserFixture.AdminUser}");
    }

    [Fact]
    public async Task A_viewer_finds_no_mutating_control_on_pairing_licence_ca_and_order_n_pay()
    {
        var corporate = Unique.Id("vcorp");
        var store = Unique.Id("vpair");
        await _server.CreateStoreAsync(store, corporate);
        await _server.CreateTerminalAsync(store, $"{store}-t");
        await _server.CreatePosAsync(store, $"{store}-p");
        await _server.PairAsync($"{store}-p", await _server.GenerateCodeAsync($"{store}-t"));
        var pending = await _server.ActivateLicenceAsync(corporate, $"{store}-p");
        var outlet = await _server.Client().PutJsonAsync($"/api/v1/stores/{store}/order-n-pay", new { posRemoteId = "remote-1", authSecret = "outlet-secret-1" });
        Assert.True(outlet.IsSuccessStatusCode);

        var viewer = Unique.Id("viewer");
        await fixture.CreateUserAsync(viewer, ApiRole.Viewer, "viewer-password-123");
        var page = await fixture.SignInAsync(viewer, "viewer-password-123");
        (string Path, string Content)[] pages =
        [
            ($"/terminals/{store}-t", "POS Activation Successful"), ($"/pos/{store}-p", pending), ($"/licences?corporateId={corporate}", pending),
            ("/ca", "Root CA"), ($"/stores/{store}", "remote-1"), ("/", "Licences"),
        ];
        foreach (var (path, content) in pages)
        {
            await page.GotoAsync(path);
            await Expect(page.Locator(".mud-main-content")).ToContainTextAsync(content); // the data is there...
            var mutating = page.Locator(string.Join(", ",
                "[data-testid='generate-code']", "[data-testid='close-window']", "[data-testid^='revoke-']", "[data-testid^='approve-']",
                "[data-testid^='reject-']", "[data-testid='rotate-issuing']", "[data-testid='configure-outlet']", "[data-testid='setup-code']"));
            Assert.Equal(0, await mutating.CountAsync()); // ...but nothing to change it with
            foreach (var name in new[] { "Generate Code", "Close window", "Revoke", "Revoke all", "Approve", "Reject", "Rotate issuing CA", "Connect" })
                Assert.Equal(0, await page.GetByRole(AriaRole.Button, new() { Name = name }).CountAsync());
        }
    }
}
