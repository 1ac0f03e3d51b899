using System.Text.RegularExpressions;
using Fleet.Server.Hosting;
using Fleet.Server.Security;
using Microsoft.Extensions.Configuration;

namespace Fleet.Tests.Api;

/// <summary>No Docker engine runs in CI, so docker-compose.yml is checked here instead: the
/// topology the README promises, and every setting it passes to Fleet binds to a real option (a
/// misspelt key would otherwise be silently ignored by the silos).</summary>
public sealed partial class DeploymentFilesTests
{
    [GeneratedRegex(@"^\s+((?:Fleet|ConnectionStrings)__[A-Za-z_0-9]+):\s*(.+)$", RegexOptions.Multiline)]
    private static partial Regex FleetSetting();

    [GeneratedRegex(@"^  ([a-z][a-z0-9-]*):\s*$", RegexOptions.Multiline)]
    private static partial Regex Service();

    private static string Repository()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Fleet.sln"))) directory = directory.Parent;
        return directory?.FullName ?? throw new InvalidOperationException("Repository root not found.");
    }

    [Fact]
    public void Compose_runs_postgres_a_schema_step_and_two_silos()
    {
        var compose = File.ReadAllText(Path.Combine(Repository(), "docker-compose.yml"));
        var services = compose[compose.IndexOf("\nservices:", StringComparison.Ordinal)..];
        var names = Service().Matches(services).Select(m => m.Groups[1].Value).ToHashSet();
        Assert.Superset(new HashSet<string> { "postgres", "schema", "silo-a", "silo-b" }, names);
        Assert.Contains("command: [\"schema\", \"apply\"]", compose);
        Assert.Contains("image: postgres:15", compose);
        Assert.Contains("condition: service_completed_successfully", compose);

        var dockerfile = File.ReadAllText(Path.Combine(Repository(), "infra", "docker", "Dockerfile"));
        Assert.Contains("dotnet publish src/Fleet.Server", dockerfile);
        Assert.True(Directory.Exists(Path.Combine(Repository(), "src", "Fleet.Server")));
    }

    [Fact]
    public void The_orleans_ports_are_neither_published_nor_exposed_beyond_what_the_silos_need()
    {
        var compose = File.ReadAllText(Path.Combine(Repository(), "docker-compose.yml"));
        // Silos reach each other on the compose network; nothing publishes the silo port, and no
        // gateway is configured (it listens only when configured).
        Assert.DoesNotMatch(@"(?m)^\s+Fleet__Cluster__GatewayPort:", compose);
        Assert.DoesNotMatch(@"-\s*""?\d+:11111", compose);
        var dockerfile = File.ReadAllText(Path.Combine(Repository(), "infra", "docker", "Dockerfile"));
        var exposed = dockerfile.Split('\n').Single(l => l.StartsWith("EXPOSE ", StringComparison.Ordinal)).Split(' ')[1..];
        Assert.Equal(["5001", "8443", "11111"], exposed);
    }

    [Fact]
    public void Every_setting_compose_passes_binds_to_a_fleet_option()
    {
        var compose = File.ReadAllText(Path.Combine(Repository(), "docker-compose.yml"));
        var settings = FleetSetting().Matches(compose)
            .GroupBy(m => m.Groups[1].Value.Replace("__", ":"))
            .ToDictionary(g => g.Key, g => (string?)Unquote(g.First().Groups[2].Value));
        Assert.Contains("Fleet:Storage", settings.Keys);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        Action<BinderOptions> strict = o => o.ErrorOnUnknownConfiguration = true;

        // Fleet's own section also holds the sub-sections bound by their options classes below.
        var fleet = configuration.GetSection(FleetOptions.Section).Get<FleetOptions>()!;
        Assert.Equal(StorageMode.Postgres, fleet.Storage);
        var endpoints = configuration.GetSection(FleetEndpointOptions.Section).Get<FleetEndpointOptions>(strict)!;
        Assert.Equal(5001, new Uri(endpoints.Api).Port);
        Assert.Equal(8443, new Uri(endpoints.Device).Port);
        Assert.Contains("silo-a", endpoints.HostNames);
        var silo = configuration.GetSection(SiloOptions.Section).Get<SiloOptions>(strict)!;
        Assert.Equal(11111, silo.SiloPort);
        Assert.Null(silo.GatewayPort);
        Assert.False(silo.ListenOnAnyAddress);
        configuration.GetSection(PkiOptions.Section).Get<PkiOptions>(strict);
        configuration.GetSection(AdminOptions.Section).Get<AdminOptions>(strict);
        Assert.StartsWith("Host=postgres;", configuration.GetConnectionString("Fleet"));

        var known = new[] { "Fleet:Storage", "Fleet:DataDirectory", "ConnectionStrings:Fleet" };
        var sections = new[] { FleetEndpointOptions.Section, SiloOptions.Section, PkiOptions.Section, AdminOptions.Section };
        Assert.All(settings.Keys, key => Assert.True(
            known.Contains(key) || sections.Any(s => key.StartsWith(s + ":", StringComparison.Ordinal)),
            $"docker-compose.yml sets '{key}', which no Fleet option reads."));
    }

    private static string Unquote(string value)
    {
        value = value.Trim();
        return value.Length > 1 && value[0] == '"' && value[^1] == '"' ? value[1..^1] : value;
    }
}
