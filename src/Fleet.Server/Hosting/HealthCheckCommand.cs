namespace Fleet.Server.Hosting;

/// <summary><c>Fleet.Server healthcheck</c>: asks this machine's own API listener whether the silo
/// is ready, for container health checks (the runtime image has no curl). Exit code 0 = ready.</summary>
public static class HealthCheckCommand
{
    public static async Task<int?> TryRunAsync(string[] args)
    {
        if (args is not ["healthcheck", ..]) return null;
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args[1..], ContentRootPath = AppContext.BaseDirectory });
        var endpoints = builder.Configuration.GetSection(FleetEndpointOptions.Section).Get<FleetEndpointOptions>()
            ?? new FleetEndpointOptions();
        var port = new Uri(endpoints.Api).Port;
        // Loopback to ourselves: the certificate names the public host names, not 127.0.0.1 in a container.
        using var client = new HttpClient(new SocketsHttpHandler
        {
            SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true },
        }) { Timeout = TimeSpan.FromSeconds(3) };
        try
        {
            var response = await client.GetAsync($"https://127.0.0.1:{port}/healthz/ready");
            Console.WriteLine($"ready: {(int)response.StatusCode}");
            return response.IsSuccessStatusCode ? 0 : 1;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            Console.WriteLine($"not ready: {e.Message}");
            return 1;
        }
    }
}
