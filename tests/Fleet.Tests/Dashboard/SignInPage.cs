using System.Net;
using System.Text.RegularExpressions;
using Fleet.Server.Security;
using Fleet.Tests.Infrastructure;

namespace Fleet.Tests.Dashboard;

/// <summary>A browser at the sign-in page without a browser: its own cookie jar, the form's hidden
/// fields (antiforgery token, handler) read from the page as a browser would post them back.</summary>
internal sealed partial class SignInPage(FleetServer server, IPAddress? from = null)
{
    public CookieContainer Cookies { get; } = new();

    private HttpClient Browser()
    {
        var handler = LoopbackSource.Handler(from);
        handler.AllowAutoRedirect = false;
        handler.CookieContainer = Cookies;
        handler.SslOptions.RemoteCertificateValidationCallback = (_, _, _, _) => true;
        return new HttpClient(handler) { BaseAddress = server.ApiBase };
    }

    /// <summary>The answer to submitting the form, and its body.</summary>
    public async Task<(HttpResponseMessage Response, string Html)> SubmitAsync(string userName, string password)
    {
        using var browser = Browser();
        var form = await browser.GetStringAsync("/login");
        var fields = HiddenInput().Matches(form)
            .Select(m => (Name: Attribute(m.Value, "name"), Value: Attribute(m.Value, "value")))
            .Where(f => f.Name is not null)
            .ToDictionary(f => f.Name!, f => WebUtility.HtmlDecode(f.Value ?? ""));
        fields["Input.UserName"] = userName;
        fields["Input.Password"] = password;
        var response = await browser.PostAsync("/login", new FormUrlEncodedContent(fields));
        return (response, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Signs in and asserts it worked (a redirect that sets the session cookie).</summary>
    public async Task SignInOkAsync(string userName, string password)
    {
        var (response, html) = await SubmitAsync(userName, password);
        Assert.True(response.StatusCode == HttpStatusCode.Found, $"sign-in answered {(int)response.StatusCode}: {html}");
        Assert.Contains(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith(DashboardAuthentication.CookieName));
    }

    /// <summary>A browser that keeps only this one's device cookie (its session is gone).</summary>
    public SignInPage SameDeviceSignedOut()
    {
        var next = new SignInPage(server, from);
        foreach (Cookie cookie in Cookies.GetAllCookies())
            if (cookie.Name == SignInDevices.CookieName) next.Cookies.Add(cookie);
        return next;
    }

    private static string? Attribute(string tag, string name)
    {
        var match = Regex.Match(tag, $"\\s{name}=\"([^\"]*)\"");
        return match.Success ? match.Groups[1].Value : null;
    }

    [GeneratedRegex("<input[^>]*type=\"hidden\"[^>]*>")]
    private static partial Regex HiddenInput();
}
