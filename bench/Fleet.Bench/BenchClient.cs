using System.Net.Http.Headers;

namespace Fleet.Bench;

/// <summary>The HTTPS client both targets get, with the same settings: HTTP/1.1, one pooled
/// connection per concurrent worker. The certificate is not checked — the baseline's is
/// self-signed and Fleet's comes from its own CA; the benchmark measures load, not trust.</summary>
public static class BenchClient
{
    public static HttpClient Create(Uri baseAddress, string? apiKey, int connections) =>
        new(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = Math.Max(1, connections),
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(10),
            ConnectTimeout = TimeSpan.FromSeconds(10),
            SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true },
        })
        {
            BaseAddress = baseAddress,
            // Each request carries its own deadline (LoadSettings.RequestTimeout).
            Timeout = Timeout.InfiniteTimeSpan,
            DefaultRequestHeaders = { Authorization = apiKey is null ? null : new AuthenticationHeaderValue("Bearer", apiKey) },
        };
}
