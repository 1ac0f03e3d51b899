namespace Fleet.Tests.Infrastructure;

/// <summary>One Fleet host shared by a test class; tests use unique ids so they don't interfere.</summary>
public sealed class ServerFixture : IAsyncLifetime
{
    public FleetServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await FleetServer.StartAsync();

    public async Task DisposeAsync() => await Server.DisposeAsync();
}
