using System.Buffers.Text;
using System.Security.Cryptography;
using Fleet.Access;
using Fleet.Common;
using Fleet.Storage.ReadModel;
using Microsoft.Extensions.Options;

namespace Fleet.Server.Security;

/// <summary>Makes sure someone can sign in to the dashboard: the configured
/// <c>Fleet:Admin:Password</c> becomes the admin's password at every start, or on the very first
/// start an admin is created with a generated password printed once. Only the hash is stored.</summary>
public sealed class DashboardAdminBootstrapper(
    IGrainFactory grains, FleetReadModel readModel, DashboardPasswords passwords, IOptions<AdminOptions> admin, ILogger<DashboardAdminBootstrapper> logger)
    : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var options = admin.Value;
        if (UserNames.Check("Fleet:Admin:UserName", options.UserName) is { } nameError)
            throw new InvalidOperationException(nameError.Message);
        var user = grains.GetGrain<IDashboardUserGrain>(UserNames.Normalize(options.UserName));

        if (options.Password is { Length: > 0 } configured)
        {
            if (Passwords.Check("Fleet:Admin:Password", configured) is { } error) throw new InvalidOperationException(error.Message);
            var current = await user.GetCredential();
            // Hashing is slow on purpose; skip it when the stored hash already matches.
            if (current is not null && current.Role == ApiRole.Admin && passwords.Verify(current.PasswordHash, configured).Ok) return;
            await user.Set(ApiRole.Admin, passwords.Hash(configured));
            return;
        }

        // Only when no admin exists at all: an admin deliberately removed is not resurrected.
        if (await user.Get() is not null || await readModel.CountDashboardUsersAsync(ApiRole.Admin.ToWire(), cancellationToken) > 0) return;
        var password = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(18));
        var created = await user.Create(ApiRole.Admin, passwords.Hash(password));
        if (created.Status != CommandStatus.Created) return; // another silo got there first

        // Printed once, on purpose on the console and not only in the log: it is never shown again.
        Console.WriteLine();
        Console.WriteLine("==================================================================");
        Console.WriteLine(" Fleet created the dashboard admin. Its password is shown only now:");
        Console.WriteLine($"   user:     {UserNames.Normalize(options.UserName)}");
        Console.WriteLine($"   password: {password}");
        Console.WriteLine(" Sign in at the API listener's address; set Fleet:Admin:Password");
        Console.WriteLine(" to replace it, or change it on the dashboard's Users page.");
        Console.WriteLine("==================================================================");
        Console.WriteLine();
        logger.LogWarning("Created the dashboard admin {User} (password printed once on the console).", options.UserName);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
