using Fleet.Tests.Infrastructure;

namespace Fleet.Tests.Pairing;

/// <summary>One Fleet host for the pairing tests. The per-address failure budget is raised: every
/// test calls from 127.0.0.1, and the throttle has its own test class with the default budget.</summary>
public sealed class PairingFixture : IAsyncLifetime
{
    public FleetServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await FleetServer.StartAsync(new()
    {
        ["Fleet:Pairing:MaxAddressFailures"] = "10000",
    });

    public async Task DisposeAsync() => await Server.DisposeAsync();
}
