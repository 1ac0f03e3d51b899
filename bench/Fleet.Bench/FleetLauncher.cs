using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;

namespace Fleet.Bench;

/// <summary>Starts the two servers as a new user would run them: Fleet.Server in Production with
/// its shipped settings, only the ports (free ones on 127.0.0.1), the data directory, storage and
/// admin key set from outside — the same settings docker-compose.yml uses.</summary>
public static class FleetLauncher
{
    public static BenchTarget Fleet(BenchOptions o, string workDirectory)
    {
        var assembly = o.FleetAssembly ?? DefaultFleetAssembly();
        if (!File.Exists(assembly)) throw new ArgumentException($"{assembly} does not exist: build src/Fleet.Server first (infra/bench.sh does).");
        var apiKey = "bench_" + Convert.ToHexString(RandomNumberGenerator.GetBytes(24)).ToLowerInvariant();
        var api = FreePort();
        var device = FreePort();
        var data = Directory.CreateDirectory(Path.Combine(workDirectory, "fleet-data")).FullName;
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["DOTNET_ENVIRONMENT"] = "Production",
            ["Fleet__DataDirectory"] = data,
            ["Fleet__Endpoints__Api"] = $"https://127.0.0.1:{api}",
            ["Fleet__Endpoints__Device"] = $"https://127.0.0.1:{device}",
            ["Fleet__Cluster__SiloPort"] = FreePort().ToString(),
            ["Fleet__Admin__ApiKey"] = apiKey,
        };
        if (o.OfflineAfter is { } offlineAfter)
            environment["Fleet__Health__OfflineAfter"] = offlineAfter.ToString("c", System.Globalization.CultureInfo.InvariantCulture);
        if (o.Storage == "postgres")
        {
            environment["Fleet__Storage"] = "Postgres";
            environment["ConnectionStrings__Fleet"] = o.PostgresConnection!;
            environment["Fleet__Cluster__ClusterId"] = "bench-" + Guid.NewGuid().ToString("N")[..8];
            environment["Fleet__Cluster__AdvertisedAddress"] = "127.0.0.1";
            environment["Fleet__Pki__KeyPassphrase"] = "bench-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        }
        else environment["Fleet__Storage"] = "Sqlite";
        var process = new ServerProcess("fleet", assembly, [], environment, workDirectory);
        return new BenchTarget("Fleet", new Uri($"https://127.0.0.1:{api}"), apiKey, process, "/healthz/ready")
        {
            DeviceAddress = new Uri($"https://127.0.0.1:{device}"),
        };
    }

    /// <summary>This harness again, in <c>serve-baseline</c> mode, with Server GC like Fleet.Server.</summary>
    public static BenchTarget Baseline(string workDirectory)
    {
        var port = FreePort();
        var environment = new Dictionary<string, string> { ["DOTNET_gcServer"] = "1", ["DOTNET_gcConcurrent"] = "1" };
        var process = new ServerProcess("baseline", typeof(FleetLauncher).Assembly.Location,
            ["serve-baseline", "--port", port.ToString()], environment, workDirectory);
        return new BenchTarget("baseline", new Uri($"https://127.0.0.1:{port}"), null, process, "/healthz/ready");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Fleet.Server.dll built in the same configuration as this harness.</summary>
    private static string DefaultFleetAssembly()
    {
        var bin = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)); // bench/Fleet.Bench/bin/<Config>/net10.0
        var root = bin;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Fleet.sln"))) root = root.Parent;
        if (root is null) throw new ArgumentException("Cannot find the repository root (Fleet.sln); pass --fleet-dll.");
        return Path.Combine(root.FullName, "src", "Fleet.Server", "bin", bin.Parent!.Name, bin.Name, "Fleet.Server.dll");
    }
}
