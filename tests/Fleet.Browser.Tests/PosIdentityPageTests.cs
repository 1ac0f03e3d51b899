using Fleet.Pos;
using Fleet.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Fleet.Browser.Tests;

/// <summary>Issue 14: the POS page of a POS that is (store, posId) — a re-pairing shows what it
/// superseded, and a till number used in two stores is two POS the reader can tell apart.</summary>
[Collection(BrowserCollection.Name)]
public sealed class PosIdentityPageTests(BrowserFixture fixture)
{
    private readonly FleetServer _server = fixture.Server;

    [Fact]
    public async Task Re_pairing_shows_the_superseded_certificate_on_the_pos_page()
    {
        var store = Unique.Id("rp");
        await _server.CreateStoreAsync(store);
        await _server.CreateTerminalAsync(store, $"{store}-t");
        await _server.PairAsync("Kasse/1", await _server.GenerateCodeAsync($"{store}-t"));
        await _server.PairAsync("Kasse/1", await _server.GenerateCodeAsync($"{store}-t"));
        var certificates = (await _server.Client().GetJsonAsync($"/api/v1/certificates?pos=Kasse%2F1&store={store}"))["items"]!.AsArray();
        Assert.Equal(2, certificates.Count);
        var superseded = certificates.Single(c => c!["status"]!.GetValue<string>() == "revoked")!["serialNumber"]!.GetValue<string>();
        var current = certificates.Single(c => c!["status"]!.GetValue<string>() == "active")!["serialNumber"]!.GetValue<string>();

        var page = await fixture.SignInAsync();
        await page.GotoAsync($"/pos/{Uri.EscapeDataString(PosKey.Of(store, "Kasse/1"))}");
        await Expect(page.GetByRole(Microsoft.Playwright.AriaRole.Heading, new() { Name = "POS Kasse/1" })).ToBeVisibleAsync();
        await Expect(page.Locator($"[data-certificate='{current}']")).ToHaveAttributeAsync("data-state", "active");
        var old = page.Locator($"[data-certificate='{superseded}']");
        await Expect(old).ToHaveAttributeAsync("data-state", "revoked");
        await Expect(old).ToContainTextAsync("superseded");
    }

    [Fact]
    public async Task The_same_till_number_in_two_stores_is_two_pos_pages()
    {
        var till = Unique.Id("till");
        var storeA = Unique.Id("sa");
        var storeB = Unique.Id("sb");
        foreach (var store in new[] { storeA, storeB })
        {
            await _server.CreateStoreAsync(store);
            await _server.CreateTerminalAsync(store, $"{store}-t");
            await _server.PairAsync(till, await _server.GenerateCodeAsync($"{store}-t"));
        }

        // An old link with the bare posId lists both stores; each link opens that store's POS.
        var page = await fixture.SignInAsync();
        await page.GotoAsync($"/pos/{till}");
        var choices = page.GetByTestId("pos-candidates");
        await Expect(choices.Locator("[data-pos]")).ToHaveCountAsync(2);
        await choices.Locator($"[data-pos='{PosKey.Of(storeB, till)}']").ClickAsync();
        await Expect(page.GetByTestId("pos-id")).ToHaveTextAsync(PosKey.Of(storeB, till));
        await Expect(page.Locator($"a[href='/stores/{storeB}']").First).ToBeVisibleAsync();

        // The store page links its own till.
        await page.GotoAsync($"/stores/{storeA}");
        await page.Locator($"a[href='/pos/{Uri.EscapeDataString(PosKey.Of(storeA, till))}']").ClickAsync();
        await Expect(page.GetByTestId("pos-id")).ToHaveTextAsync(PosKey.Of(storeA, till));
    }
}
