using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;
using Fleet.Server.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Fleet.Tests.Infrastructure;

/// <summary>A real Fleet host on loopback (Kestrel, HTTPS, a silo, SQLite in a temp directory),
/// restartable on the same data. The clock is fake so tests move time instead of sleeping.</summary>
public sealed class FleetServer : IAsyncDisposable
{
    public const string AdminKey = "test-admin-key-0123456789abcdef";

    private readonly Dictionary<string, string?> _settings;
    private WebApplication? _app;
    private X509Certificate2? _root;

    public FleetServer(Dictionary<string, string?>? settings = null)
    {
        DataDirectory = Directory.CreateTempSubdirectory("fleet-test-").FullName;
        _settings = new Dictionary<string, string?>
        {
            ["Fleet:DataDirectory"] = DataDirectory,
            ["Fleet:Admin:ApiKey"] = AdminKey,
            ["Logging:LogLevel:Default"] = "Warning",
            // Health is a background-refreshed snapshot; tests wait for it (FleetHealthPolling), briefly.
            ["Fleet:Health:SnapshotMaxAge"] = "00:00:00.100",
            // Test classes create many activations from 127.0.0.1; the brake on them has tests of its own.
            ["Fleet:Licences:Activations:Limit"] = "100000",
        };
        ChoosePorts();
        foreach (var (key, value) in settings ?? []) _settings[key] = value;
    }

    // A port found free can be taken before Kestrel or the silo binds it (by another test's server,
    // or as the ephemeral source port of a client connection): the first start retries on new ports.
    private void ChoosePorts()
    {
        ApiPort = FreePort.Next();
        DevicePort = FreePort.Next();
        _settings["Fleet:Endpoints:Api"] = $"https://127.0.0.1:{ApiPort}";
        _settings["Fleet:Endpoints:Device"] = $"https://127.0.0.1:{DevicePort}";
        _settings["Fleet:Cluster:SiloPort"] = FreePort.Next().ToString();
    }

    public string DataDirectory { get; }
    public int ApiPort { get; private set; }
    public int DevicePort { get; private set; }
    public FakeTimeProvider Time { get; } = new(DateTimeOffset.UtcNow);

    /// <summary>Every warning and error the host logged, across restarts.</summary>
    public LogCapture Logs { get; } = new();
    public Uri ApiBase => new($"https://127.0.0.1:{ApiPort}");
    public Uri DeviceBase => new($"https://127.0.0.1:{DevicePort}");
    public IServiceProvider Services => _app?.Services ?? throw new InvalidOperationException("Not started.");

    public static async Task<FleetServer> StartAsync(Dictionary<string, string?>? settings = null)
    {
        var server = new FleetServer(settings);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await server.StartAsync();
                return server;
            }
            catch (Exception e) when (attempt < 5 && e.ToString().Contains("address already in use", StringComparison.OrdinalIgnoreCase))
            {
                await server.AbandonAsync();
                server.ChoosePorts();
            }
        }
    }

    public async Task StartAsync()
    {
        _app = null;
        var app = await FleetApplication.BuildAsync([], builder =>
        {
            builder.Configuration.AddInMemoryCollection(_settings);
            builder.Logging.AddProvider(Logs);
            builder.Logging.AddFilter<LogCapture>("Fleet", LogLevel.Information);
            builder.Services.AddSingleton(new Fleet.Common.FleetClock(Time)); // fleet time only; Orleans keeps real time
        });
        _app = app;
        await app.StartAsync();
        _root = null;
    }

    public async Task StopAsync()
    {
        if (_app is null) return;
        await _app.StopAsync();
        await _app.DisposeAsync();
        _app = null;
    }

    private async Task AbandonAsync()
    {
        if (_app is null) return;
        try { await _app.DisposeAsync(); } catch (Exception) { /* a host that failed to start */ }
        _app = null;
    }

    /// <summary>Stops without the graceful protocols (an already-cancelled stop), as close to a
    /// crashed process as one process can get: the cluster must notice on its own.</summary>
    public async Task KillAsync()
    {
        if (_app is null) return;
        try
        {
            await _app.StopAsync(new CancellationToken(canceled: true));
        }
        catch (OperationCanceledException)
        {
        }
        await _app.DisposeAsync();
        _app = null;
    }

    public async Task RestartAsync()
    {
        await StopAsync();
        await StartAsync();
    }

    /// <summary>An HTTPS client that trusts only this fleet's root CA, fetched like a newcomer would;
    /// with <paramref name="from"/>, its connections come from that loopback address (127.0.0.2, …),
    /// as a second client machine would.</summary>
    public HttpClient Client(string? apiKey = AdminKey, IPAddress? from = null)
    {
        var handler = LoopbackSource.Handler(from);
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, sent, _) =>
            certificate is not null && ChainsToRoot(new X509Certificate2(certificate), sent);
        var client = new HttpClient(handler) { BaseAddress = ApiBase };
        if (apiKey is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        return client;
    }

    /// <summary>A client of the device listener that trusts only the fleet root and, when given,
    /// presents <paramref name="clientCertificate"/> for mutual TLS. Each client has its own
    /// connection, so each one does its own TLS handshake.</summary>
    public HttpClient DeviceClient(X509Certificate2? clientCertificate = null, IPAddress? from = null)
    {
        var handler = LoopbackSource.Handler(from);
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, sent, _) =>
            certificate is not null && ChainsToRoot(new X509Certificate2(certificate), sent);
        if (clientCertificate is not null)
            handler.SslOptions.LocalCertificateSelectionCallback = (_, _, _, _, _) => clientCertificate;
        return new HttpClient(handler) { BaseAddress = DeviceBase };
    }

    /// <summary>Validates this fleet's server certificate, for WebSocket clients.</summary>
    public bool ValidateServerCertificate(System.Security.Cryptography.X509Certificates.X509Certificate? certificate, X509Chain? sent) =>
        certificate is not null && ChainsToRoot(new X509Certificate2(certificate), sent);

    /// <summary>A WebSocket client that trusts only this fleet's root CA, like <see cref="Client"/>.</summary>
    public System.Net.WebSockets.ClientWebSocket WebSocketClient()
    {
        var socket = new System.Net.WebSockets.ClientWebSocket();
        socket.Options.RemoteCertificateValidationCallback = (_, certificate, sent, _) => ValidateServerCertificate(certificate, sent);
        socket.Options.CollectHttpResponseDetails = true;
        return socket;
    }

    public X509Certificate2 Root => _root ??= FetchRoot();

    /// <summary>What the CRL's timer does when its signing interval ends, now: signs a new CRL if a
    /// revocation is waiting for one. Tests call it rather than wait for the timer.</summary>
    public Task<Fleet.Pki.CrlSnapshot> SignPendingCrlAsync() =>
        Services.GetRequiredService<IGrainFactory>().GetGrain<Fleet.Pki.ICrlGrain>(Fleet.Pki.ICrlGrain.FleetKey).SignIfStale();

    private X509Certificate2 FetchRoot()
    {
        // The root is public: fetching it needs no trust yet, exactly as for a POS doing it by hand.
        using var insecure = new HttpClient(new SocketsHttpHandler
        {
            SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true },
        }) { BaseAddress = ApiBase };
        var pem = insecure.GetStringAsync("/api/v1/ca/root.pem").GetAwaiter().GetResult();
        return X509Certificate2.CreateFromPem(pem);
    }

    private bool ChainsToRoot(X509Certificate2 certificate, X509Chain? sent)
    {
        using var chain = new X509Chain();
        if (sent is not null) foreach (var element in sent.ChainElements) chain.ChainPolicy.ExtraStore.Add(element.Certificate);
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(Root);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = DateTime.Now;
        return chain.Build(certificate);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        try { Directory.Delete(DataDirectory, recursive: true); } catch (IOException) { }
    }
}
