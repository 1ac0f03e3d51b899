using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;

namespace Fleet.Cluster.Tests.Processes;

/// <summary>One real Fleet silo process (<c>dotnet Fleet.Server.dll</c>) on loopback, in PostgreSQL
/// mode. Killed with SIGKILL, not stopped, when a test wants a crash.</summary>
public sealed class FleetProcess : IAsyncDisposable
{
    public const string AdminKey = "cluster-test-admin-key-0123456789";
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private FleetProcess(Process process, int apiPort, int devicePort, int siloPort, string name)
    {
        _process = process;
        ApiPort = apiPort;
        DevicePort = devicePort;
        SiloPort = siloPort;
        Name = name;
    }

    public string Name { get; }
    public int ApiPort { get; }
    public int DevicePort { get; }
    public int SiloPort { get; }
    public string Output { get { lock (_output) return _output.ToString(); } }

    public bool IsRunning => !_process.HasExited;

    /// <summary>A silo of a PostgreSQL cluster.</summary>
    public static FleetProcess Start(string name, string connectionString, string clusterId) =>
        Start(name, new Dictionary<string, string>
        {
            ["Fleet__Storage"] = "Postgres",
            ["ConnectionStrings__Fleet"] = connectionString,
            ["Fleet__Cluster__ClusterId"] = clusterId,
            ["Fleet__Cluster__AdvertisedAddress"] = "127.0.0.1",
            ["Fleet__Admin__ApiKey"] = AdminKey,
            ["Fleet__Pki__KeyPassphrase"] = "cluster-test-passphrase",
        });

    /// <summary>A Fleet process with the given settings (environment variables) on top of loopback
    /// ports and a fresh data directory (or <c>Fleet__DataDirectory</c> if given).</summary>
    public static FleetProcess Start(string name, IReadOnlyDictionary<string, string> settings, string[]? args = null)
    {
        var apiPort = FreePort();
        var start = new ProcessStartInfo("dotnet", [ServerAssembly(), .. args ?? []])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        var environment = new Dictionary<string, string>
        {
            ["Fleet__DataDirectory"] = Directory.CreateTempSubdirectory("fleet-silo-").FullName,
            ["Fleet__Endpoints__Api"] = $"https://127.0.0.1:{apiPort}",
            ["Fleet__Endpoints__Device"] = $"https://127.0.0.1:{FreePort()}",
            ["Fleet__Cluster__SiloPort"] = FreePort().ToString(),
            ["Logging__LogLevel__Default"] = "Warning",
            ["DOTNET_gcServer"] = "0",
        };
        foreach (var (key, value) in settings) environment[key] = value;
        if (environment.TryGetValue("Fleet__Endpoints__Api", out var api)) apiPort = new Uri(api).Port;
        var devicePort = new Uri(environment["Fleet__Endpoints__Device"]).Port;
        var siloPort = int.Parse(environment["Fleet__Cluster__SiloPort"]);
        foreach (var (key, value) in environment) start.Environment[key] = value;

        var process = new Process { StartInfo = start };
        var silo = new FleetProcess(process, apiPort, devicePort, siloPort, name);
        process.OutputDataReceived += (_, e) => silo.Append(e.Data);
        process.ErrorDataReceived += (_, e) => silo.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return silo;
    }

    /// <summary>An API client. TLS is Fleet's own CA; chain checks are covered by Fleet.Tests, so
    /// this harness accepts the server certificate to keep the cluster tests about clustering.</summary>
    public HttpClient Client(string? apiKey = AdminKey) => new(new SocketsHttpHandler
    {
        SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true },
    })
    {
        BaseAddress = new Uri($"https://127.0.0.1:{ApiPort}"),
        Timeout = TimeSpan.FromSeconds(10),
        DefaultRequestHeaders = { Authorization = apiKey is null ? null : new AuthenticationHeaderValue("Bearer", apiKey) },
    };

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cts.Token);
        return _process.ExitCode;
    }

    /// <summary>A client of the device listener, presenting a POS client certificate when given.</summary>
    public HttpClient DeviceClient(System.Security.Cryptography.X509Certificates.X509Certificate2? certificate = null)
    {
        var handler = new SocketsHttpHandler
        {
            SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true },
            PooledConnectionLifetime = TimeSpan.Zero,
        };
        if (certificate is not null) handler.SslOptions.LocalCertificateSelectionCallback = (_, _, _, _, _) => certificate;
        return new HttpClient(handler) { BaseAddress = new Uri($"https://127.0.0.1:{DevicePort}"), Timeout = TimeSpan.FromSeconds(10) };
    }

    public async Task WaitUntilReadyAsync(TimeSpan timeout)
    {
        using var client = Client();
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited) throw new InvalidOperationException($"{Name} exited ({_process.ExitCode}):\n{Output}");
            try
            {
                if ((await client.GetAsync("/healthz/ready")).StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(200);
        }
        throw new TimeoutException($"{Name} was not ready within {timeout}:\n{Output}");
    }

    /// <summary>The TCP endpoints this process listens on, as the kernel reports them.</summary>
    public IReadOnlyList<IPEndPoint> ListeningEndpoints() => ListeningSockets.Of(_process.Id);

    /// <summary>SIGKILL: no shutdown, no goodbye to the cluster.</summary>
    public void Kill()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public ValueTask DisposeAsync()
    {
        Kill();
        _process.Dispose();
        return ValueTask.CompletedTask;
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
    }

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Fleet.Server.dll built in the same configuration as this test assembly.</summary>
    private static string ServerAssembly()
    {
        var bin = new DirectoryInfo(AppContext.BaseDirectory); // tests/Fleet.Cluster.Tests/bin/<Config>/net10.0/
        var framework = bin.Name;
        var configuration = bin.Parent!.Name;
        var root = bin;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Fleet.sln"))) root = root.Parent;
        if (root is null) throw new InvalidOperationException("Cannot find the repository root (Fleet.sln).");
        var path = Path.Combine(root.FullName, "src", "Fleet.Server", "bin", configuration, framework, "Fleet.Server.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException("Build src/Fleet.Server first.", path);
    }
}
