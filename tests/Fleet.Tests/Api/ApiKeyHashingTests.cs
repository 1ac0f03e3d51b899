using System.Net;
using System.Security.Cryptography;
using System.Text;
using Fleet.Access;
using Fleet.Common;
using Fleet.Pki;
using Fleet.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;

namespace Fleet.Tests.Api;

/// <summary>API keys are stored as HMAC-SHA256 under a key derived from the CA passphrase, so a
/// copy of the database does not let anyone test guesses of the operator-chosen bootstrap key; keys
/// stored by older versions as plain SHA-256 keep working and are re-stored keyed on first use.</summary>
public sealed class ApiKeyHashingTests
{
    private const string Probe = "/api/v1/terminals?limit=1";

    [Fact]
    public async Task The_bootstrap_key_is_stored_keyed_by_the_deployment_secret_and_its_plain_hash_is_nowhere_in_the_database()
    {
        await using var server = await FleetServer.StartAsync();
        Assert.Equal(HttpStatusCode.OK, (await server.Client().GetAsync(Probe)).StatusCode);

        var stored = await ReadAsync(server, ApiKeyFormatId.Bootstrap);
        var passphrase = (await File.ReadAllTextAsync(Path.Combine(server.DataDirectory, "ca-passphrase"))).Trim();
        var expected = HMACSHA256.HashData(DeploymentKeys.FromPassphrase(passphrase).ApiKeyHashKey, Encoding.UTF8.GetBytes(FleetServer.AdminKey));
        Assert.Equal(expected, stored.KeyHash);
        Assert.Equal(ApiKeyState.KeyedHashVersion, stored.HashVersion);

        var plain = SHA256.HashData(Encoding.UTF8.GetBytes(FleetServer.AdminKey));
        Assert.False(DatabaseFilesContain(server, plain), "SHA-256 of the bootstrap key found in the database files");
        Assert.True(DatabaseFilesContain(server, expected)); // the scan itself finds what is there
    }

    [Fact]
    public async Task A_key_stored_as_plain_sha256_by_an_older_version_still_signs_in_and_is_restored_keyed()
    {
        // No cache: every request asks the grain, so the second request proves the new form works.
        await using var server = await FleetServer.StartAsync(new() { ["Fleet:ApiKeys:VerificationCacheTtl"] = "00:00:00" });
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
        var key = $"fleet_{id}_{Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_')}";
        var legacy = SHA256.HashData(Encoding.UTF8.GetBytes(key));
        // What a version before keyed hashes wrote (HashVersion absent, so 0).
        await WriteAsync(server, id, new ApiKeyState
        {
            Id = id, Name = "from an older Fleet", Role = ApiRole.Operator, KeyHash = legacy, CreatedAt = DateTimeOffset.UtcNow,
        });

        var wrong = $"fleet_{id}_{new string('A', 43)}";
        Assert.Equal(HttpStatusCode.Unauthorized, (await server.Client(wrong).GetAsync(Probe)).StatusCode);
        Assert.Equal(0, (await ReadAsync(server, id)).HashVersion); // a wrong key changes nothing

        Assert.Equal(HttpStatusCode.OK, (await server.Client(key).GetAsync(Probe)).StatusCode);
        var upgraded = await ReadAsync(server, id);
        Assert.Equal(ApiKeyState.KeyedHashVersion, upgraded.HashVersion);
        Assert.NotEqual(legacy, upgraded.KeyHash);
        Assert.Equal(ApiRole.Operator, upgraded.Role);

        await server.RestartAsync();
        Assert.Equal(HttpStatusCode.OK, (await server.Client(key).GetAsync(Probe)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await server.Client(wrong).GetAsync(Probe)).StatusCode);
    }

    private static class ApiKeyFormatId
    {
        public const string Bootstrap = "bootstrap";
    }

    private static GrainId GrainIdOf(FleetServer server, string id) =>
        server.Services.GetRequiredService<IGrainFactory>().GetGrain<IApiKeyGrain>(id).GetGrainId();

    private static async Task<ApiKeyState> ReadAsync(FleetServer server, string id)
    {
        var storage = server.Services.GetRequiredKeyedService<IGrainStorage>(FleetStorage.Name);
        var state = new GrainState<ApiKeyState> { State = new ApiKeyState() };
        await storage.ReadStateAsync("api-key", GrainIdOf(server, id), state);
        Assert.True(state.RecordExists);
        return state.State;
    }

    private static Task WriteAsync(FleetServer server, string id, ApiKeyState value)
    {
        var storage = server.Services.GetRequiredKeyedService<IGrainStorage>(FleetStorage.Name);
        return storage.WriteStateAsync("api-key", GrainIdOf(server, id), new GrainState<ApiKeyState> { State = value });
    }

    internal static bool DatabaseFilesContain(FleetServer server, byte[] needle)
    {
        foreach (var file in Directory.EnumerateFiles(server.DataDirectory, "fleet.db*"))
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            if (copy.GetBuffer().AsSpan(0, (int)copy.Length).IndexOf(needle) >= 0) return true;
        }
        return false;
    }
}
