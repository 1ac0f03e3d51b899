using Fleet.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Fleet.Browser.Tests;

/// <summary>Walks every main page as an admin, checks each renders without the error message, and
/// saves a screenshot. <c>FLEET_SCREENSHOTS_DIR</c> (set by infra/screenshots.sh to docs/screens)
/// chooses where; otherwise they go to the test output.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ScreenshotTests(BrowserFixture fixture)
{
    [Fact]
    public async Task Every_main_page_renders_and_is_captured()
    {
        var directory = Environment.GetEnvironmentVariable("FLEET_SCREENSHOTS_DIR") is { Length: > 0 } configured
            ? configured
            : Path.Combine(AppContext.BaseDirectory, "screens");
        Directory.CreateDirectory(directory);

        var api = fixture.Server.Client();
        var store = "stockholm-001";
        await api.PutJsonAsync($"/api/v1/stores/{store}", new { name = "Stockholm Centralen", timeZone = "Europe/Stockholm", corporateId = "nordic" });
        await api.PutJsonAsync("/api/v1/stores/goteborg-002", new { name = "Göteborg Nordstan", timeZone = "Europe/Stockholm", corporateId = "nordic" });
        for (var i = 1; i <= 4; i++)
        {
            await api.PutJsonAsync($"/api/v1/terminals/{store}-t{i}",
                new { kind = i % 2 == 0 ? "pax" : "android", serialNumber = $"SN-10{i}", storeId = store, model = i % 2 == 0 ? "A920" : "Sunmi P2" });
        }
        await api.PostAsync($"/api/v1/terminals/{store}-t1/heartbeat",
            new StringContent("""{"appVersion":"2.4.1","ipAddress":"10.1.2.31","localPort":8080,"battery":87,"status":"ready"}""",
                System.Text.Encoding.UTF8, "application/json"));
        await api.PutJsonAsync($"/api/v1/pos/{store}-till-1", new { storeId = store, name = "Till 1" });
        await api.PutJsonAsync($"/api/v1/pos/{store}-till-2", new { storeId = store, name = "Till 2" });
        // Till 1 pairs through terminal 1, which then shows a fresh code ("POS Activation Successful" above it).
        await fixture.Server.PairAsync($"{store}-till-1", await fixture.Server.GenerateCodeAsync($"{store}-t1"));
        await fixture.Server.GenerateCodeAsync($"{store}-t1");
        var approved = await fixture.Server.ActivateLicenceAsync("nordic", $"{store}-till-1");
        await api.PostAsync($"/api/v1/activations/{approved}/approve", null);
        await fixture.Server.ActivateLicenceAsync("nordic", $"{store}-till-2");
        await api.PutJsonAsync($"/api/v1/stores/{store}/order-n-pay", new { posRemoteId = "sthlm-remote-1", authSecret = "screenshot-secret" });
        await api.PostAsync($"/api/v1/stores/{store}/order-n-pay/messages", System.Net.Http.Json.JsonContent.Create(
            new { messageId = "order-1001", type = "order", payload = new { total = 129.5 } }));

        var page = await fixture.SignInAsync();
        (string Path, string Name)[] pages =
        [
            ("/", "overview"), ("/stores", "stores"), ($"/stores/{store}", "store"), ("/terminals", "terminals"),
            ($"/terminals/{store}-t1", "terminal"), ("/pos", "pos"), ($"/pos/{store}-till-1", "pos-details"),
            ("/licences?status=all", "licences"), ("/licences", "licence-queue"), ("/ca", "ca"),
            ("/admin/users", "users"), ("/admin/api-keys", "api-keys"), ("/account", "account"),
        ];
        foreach (var (path, name) in pages)
        {
            await page.GotoAsync(path);
            await Expect(page.Locator("h1")).ToBeVisibleAsync();
            await Expect(page.Locator(".mud-progress-linear")).ToHaveCountAsync(0);
            await Expect(page.GetByTestId("friendly-error")).ToHaveCountAsync(0);
            await page.ScreenshotAsync(new() { Path = Path.Combine(directory, $"{name}.png") });
        }

        await page.GotoAsync("/");
        await Expect(page.GetByTestId("terminals-total")).ToBeVisibleAsync();
        await page.GetByTestId("theme-toggle").ClickAsync();
        await page.WaitForTimeoutAsync(300); // the theme transition
        await page.ScreenshotAsync(new() { Path = Path.Combine(directory, "overview-dark.png") });
        await page.GetByTestId("theme-toggle").ClickAsync();

        var login = await fixture.NewPageAsync();
        await login.GotoAsync("/login");
        await login.ScreenshotAsync(new() { Path = Path.Combine(directory, "login.png") });
    }
}
