using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography.X509Certificates;
using Fleet.Tests.Infrastructure;

namespace Fleet.Tests.Enrolment;

/// <summary>What a test needs to act as operator and as terminal: enrolment codes, enrolment, and
/// calls on the device listener with the terminal's own certificate.</summary>
internal static class EnrolmentClient
{
    public static async Task<string> IssueEnrolmentCodeAsync(this FleetServer server, string terminalId)
    {
        var response = await server.Client().PostAsync($"/api/v1/terminals/{terminalId}/enrolment-code", null);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"Enrolment code answered {(int)response.StatusCode}: {body}");
        Assert.Contains("no-store", response.Headers.CacheControl?.ToString());
        return (await response.JsonAsync())["enrolmentCode"]!.GetValue<string>();
    }

    public static Task<HttpResponseMessage> EnrolAsync(this FleetServer server, string terminalId, string code) =>
        server.DeviceClient().PostAsJsonAsync("/enrol", new { terminalId, enrolmentCode = code });

    public static async Task<TerminalBundle> EnrolOkAsync(this FleetServer server, string terminalId, string code)
    {
        var response = await server.EnrolAsync(terminalId, code);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"Enrolment answered {(int)response.StatusCode}: {text}");
        Assert.Equal("application/x-pem-file", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("no-store", response.Headers.CacheControl?.ToString());
        return TerminalBundle.Parse(text);
    }

    public static async Task<TerminalBundle> EnrolNewAsync(this FleetServer server, string terminalId) =>
        await server.EnrolOkAsync(terminalId, await server.IssueEnrolmentCodeAsync(terminalId));

    /// <summary>One request on a fresh TLS connection presenting <paramref name="certificate"/>; null
    /// when the connection was refused at (or right after) the handshake.</summary>
    public static async Task<HttpResponseMessage?> TryDeviceAsync(this FleetServer server, X509Certificate2? certificate, HttpMethod method, string path, object? body = null)
    {
        using var client = server.DeviceClient(certificate);
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        try
        {
            var response = await client.SendAsync(request);
            await response.Content.LoadIntoBufferAsync();
            return response;
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    public static async Task<HttpResponseMessage> DeviceAsync(this FleetServer server, X509Certificate2? certificate, HttpMethod method, string path, object? body = null) =>
        await server.TryDeviceAsync(certificate, method, path, body)
        ?? throw new Xunit.Sdk.XunitException($"{method} {path}: the connection was refused at the TLS handshake.");

    public static readonly object Heartbeat = new { appVersion = "5.2.0", ipAddress = "10.0.0.7", localPort = 8443, battery = 81, status = "ready" };
}
