using Fleet.Access;
using Fleet.Server.Services;
using Fleet.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Fleet.Browser.Tests;

/// <summary>One Fleet host and one headless Chromium (Debian's, never a downloaded one) shared by
/// the browser tests, which run one after another.</summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string AdminUser = "admin";
    public const string AdminPassword = "browser-test-admin-password";
    public const string ChromiumPath = "/usr/bin/chromium";
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(5);

    private IPlaywright? _playwright;

    public FleetServer Server { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
            throw new InvalidOperationException($"{ChromiumPath} is missing: run infra/test.sh, which installs Debian's chromium.");
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        Server = await FleetServer.StartAsync(new()
        {
            ["Fleet:Admin:Password"] = AdminPassword,
            ["Fleet:Dashboard:RefreshInterval"] = RefreshInterval.ToString(),
            ["Fleet:Dashboard:OrleansDashboard"] = "true", // off by default; the role test checks it refuses operators
        });
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync",
            ],
        });
    }

    /// <summary>A fresh browser context (its own cookies) signed in through the sign-in form.</summary>
    public async Task<IPage> SignInAsync(string user = AdminUser, string password = AdminPassword)
    {
        var page = await NewPageAsync();
        await page.GotoAsync("/login");
        await page.GetByLabel("User name").FillAsync(user);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("signed-in-as")).ToContainTextAsync(user);
        return page;
    }

    public async Task<IPage> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new()
        {
            BaseURL = Server.ApiBase.ToString(),
            IgnoreHTTPSErrors = true, // Fleet's own CA; the API tests check the chain, here the UI matters
            ViewportSize = new() { Width = 1366, Height = 860 },
            Locale = "en-GB",
            TimezoneId = "UTC",
        });
        context.SetDefaultTimeout(15_000);
        return await context.NewPageAsync();
    }

    public async Task CreateUserAsync(string name, ApiRole role, string password)
    {
        var result = await Server.Services.GetRequiredService<DashboardUserService>().CreateAsync(name, role, password);
        Assert.True(result.Succeeded, result.Message);
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
        if (Server is not null) await Server.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}
