using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography.X509Certificates;
using Fleet.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Fleet.Browser.Tests;

/// <summary>The terminal page's Terminal identity panel: an operator issues an enrolment code that is
/// shown once, the terminal enrols with it, and the operator revokes the terminal's certificate.</summary>
[Collection(BrowserCollection.Name)]
public sealed class EnrolmentPanelTests(BrowserFixture fixture)
{
    private readonly FleetServer _server = fixture.Server;

    [Fact]
    public async Task An_operator_issues_a_code_the_terminal_enrols_with_and_revokes_its_certificate()
    {
        var store = Unique.Id("enrol");
        var terminal = $"{store}-t";
        await _server.CreateStoreAsync(store);
        await _server.CreateTerminalAsync(store, terminal);

        var page = await fixture.SignInAsync();
        await page.GotoAsync($"/terminals/{terminal}");
        await page.GetByTestId("issue-enrolment-code").ClickAsync();
        var shown = page.GetByTestId("enrolment-code");
        await Expect(shown).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\s*(\S{4}-){3}\S{4}\s*$"));
        var code = (await shown.InnerTextAsync()).Trim();
        Assert.NotNull((await _server.Client().GetJsonAsync($"/api/v1/terminals/{terminal}/credential"))["enrolmentCode"]);

        // The terminal spends the code on the device listener; the page lists its certificate.
        var enrolled = await _server.DeviceClient().PostAsJsonAsync("/enrol", new { terminalId = terminal, enrolmentCode = code });
        var pem = await enrolled.Content.ReadAsStringAsync();
        Assert.True(enrolled.StatusCode == HttpStatusCode.OK, pem);
        var leafPem = pem[pem.IndexOf("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal)..];
        using var ephemeral = X509Certificate2.CreateFromPem(leafPem, pem);
        using var certificate = X509CertificateLoader.LoadPkcs12(ephemeral.Export(X509ContentType.Pkcs12), null);
        var serial = certificate.SerialNumber.TrimStart('0').ToLowerInvariant();
        _server.Time.Advance(BrowserFixture.RefreshInterval);
        await Expect(page.Locator($"[data-terminal-certificate='{serial}']")).ToBeVisibleAsync();

        // Revoke from the panel, with a reason: the next handshake with it is refused.
        await page.GetByTestId("revoke-terminal-credential").ClickAsync();
        await page.GetByTestId("reason-select").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "keyCompromise" }).ClickAsync();
        await page.GetByTestId("confirm-reason").ClickAsync();
        await Expect(page.Locator($"[data-terminal-certificate='{serial}']")).ToHaveCountAsync(0);
        var revoked = await _server.Client().GetJsonAsync($"/api/v1/certificates/{serial}");
        Assert.Equal("keyCompromise", revoked["revocationReason"]!.GetValue<string>());
        using var device = _server.DeviceClient(certificate);
        await Assert.ThrowsAsync<HttpRequestException>(() => device.GetAsync($"/terminals/{terminal}/pairing"));
    }
}
