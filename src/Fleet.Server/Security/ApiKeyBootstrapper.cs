using Fleet.Access;
using Microsoft.Extensions.Options;

namespace Fleet.Server.Security;

/// <summary>Makes sure an admin can get in: the configured <c>Fleet:Admin:ApiKey</c> becomes the
/// bootstrap key, or on the very first start a key is generated and printed once. Only hashes
/// are stored.</summary>
public sealed class ApiKeyBootstrapper(
    IGrainFactory grains, ApiKeyHasher hasher, IOptions<AdminOptions> admin, ApiKeyVerificationCache verified, ILogger<ApiKeyBootstrapper> logger)
    : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var bootstrap = grains.GetGrain<IApiKeyGrain>(ApiKeyFormat.BootstrapId);
        if (admin.Value.ApiKey is { Length: > 0 } configured)
        {
            if (configured.Length < 16)
                throw new InvalidOperationException("Fleet:Admin:ApiKey must be at least 16 characters long.");
            await bootstrap.Set("bootstrap (configured)", ApiRole.Admin, hasher.Hash(configured));
            verified.Evict(ApiKeyFormat.BootstrapId); // a replaced bootstrap key stops here at once
            return;
        }

        if (await bootstrap.Exists()) return;
        var (_, key) = ApiKeyFormat.Generate(ApiKeyFormat.BootstrapId);
        var created = await bootstrap.Create("bootstrap (generated)", ApiRole.Admin, hasher.Hash(key));
        if (created.Status != Fleet.Common.CommandStatus.Created) return; // another silo got there first

        // Printed once, on purpose on the console and not only in the log: it is never shown again.
        Console.WriteLine();
        Console.WriteLine("==================================================================");
        Console.WriteLine(" Fleet generated the bootstrap admin API key. It is shown only now:");
        Console.WriteLine($"   {key}");
        Console.WriteLine(" Use it as 'Authorization: Bearer <key>' and create further keys");
        Console.WriteLine(" with POST /api/v1/api-keys. Set Fleet:Admin:ApiKey to replace it.");
        Console.WriteLine("==================================================================");
        Console.WriteLine();
        logger.LogWarning("Generated the bootstrap admin API key (printed once on the console).");
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
