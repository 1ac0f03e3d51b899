using Fleet.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Fleet.Browser.Tests;

[Collection(BrowserCollection.Name)]
public sealed class AuditLogTests(BrowserFixture fixture)
{
    [Fact]
    public async Task An_admin_sees_the_change_they_just_made_in_the_audit_log()
    {
        var id = Unique.Id("audited");
        var page = await fixture.SignInAsync();
        await page.GotoAsync("/stores");
        await page.GetByTestId("new-store").ClickAsync();
        await page.Locator("#store-id").FillAsync(id);
        await page.Locator("#store-name").FillAsync("Audited in the browser");
        await page.Locator("#store-time-zone").FillAsync("UTC");
        await page.GetByTestId("save-store").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Audited in the browser" })).ToBeVisibleAsync();

        // Through the menu, newest first: the dashboard user is the actor, not "system".
        await page.GetByRole(AriaRole.Link, new() { Name = "Audit log" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Audit log" })).ToBeVisibleAsync();
        await page.GotoAsync($"/admin/audit?targetType=store&targetId={id}");
        var row = page.Locator("tr", new() { Has = page.GetByTestId("audit-action").GetByText("store.created") });
        await Expect(row).ToHaveCountAsync(1);
        await Expect(row.GetByTestId("audit-actor")).ToHaveTextAsync(BrowserFixture.AdminUser);
        await Expect(row.GetByTestId("audit-target")).ToContainTextAsync(id);
        await Expect(row).ToContainTextAsync("127.0.0.1");
    }
}
