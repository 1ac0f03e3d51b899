using System.Net;
using System.Text.RegularExpressions;

namespace Fleet.Cluster.Tests.Processes;

/// <summary>The embedded default as a newcomer runs it: no admin key configured, so the first start
/// prints a generated one exactly once; the data directory keeps it across restarts.</summary>
public sealed partial class EmbeddedProcessTests
{
    [GeneratedRegex(@"fleet_bootstrap_[A-Za-z0-9_-]{43}")]
    private static partial Regex BootstrapKey();

    [Fact]
    public async Task First_start_prints_a_bootstrap_key_once_and_it_keeps_working_after_a_restart()
    {
        var data = Directory.CreateTempSubdirectory("fleet-embedded-").FullName;
        var api = $"https://127.0.0.1:{FleetProcess.FreePort()}";
        var settings = new Dictionary<string, string> { ["Fleet__DataDirectory"] = data, ["Fleet__Endpoints__Api"] = api };

        string key;
        await using (var first = FleetProcess.Start("embedded-1", settings))
        {
            await first.WaitUntilReadyAsync(TimeSpan.FromSeconds(60));
            var match = BootstrapKey().Match(first.Output);
            Assert.True(match.Success, $"No bootstrap key printed:\n{first.Output}");
            key = match.Value;
            using var client = first.Client(key);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/api-keys")).StatusCode);

            // The container health check command agrees.
            await using var probe = FleetProcess.Start("healthcheck", settings, ["healthcheck"]);
            Assert.Equal(0, await probe.WaitForExitAsync(TimeSpan.FromSeconds(30)));
            // Only a hash is stored: the key itself is nowhere in the data directory.
            foreach (var file in Directory.EnumerateFiles(data, "*", SearchOption.AllDirectories))
                Assert.DoesNotContain(key, await ReadSharedAsync(file));
        }

        await using var second = FleetProcess.Start("embedded-2", settings);
        await second.WaitUntilReadyAsync(TimeSpan.FromSeconds(60));
        Assert.False(BootstrapKey().IsMatch(second.Output), "The key was printed again on the second start.");
        using var again = second.Client(key);
        Assert.Equal(HttpStatusCode.OK, (await again.GetAsync("/api/v1/api-keys")).StatusCode);
    }

    private static async Task<string> ReadSharedAsync(string path)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        return await reader.ReadToEndAsync();
    }
}
