using Fleet.Tests.Infrastructure;

namespace Fleet.Tests.Pairing;

/// <summary>One Fleet host for the revocation tests. Its CRL signing interval is an hour, so no
/// timer signs during a test: the tests sign when they mean to (what the timer does when the
/// interval ends), and the CRL number says exactly how many signings there were.</summary>
public sealed class RevocationFixture : IAsyncLifetime
{
    public FleetServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await FleetServer.StartAsync(new()
    {
        ["Fleet:Pairing:MaxAddressFailures"] = "10000",
        ["Fleet:Pairing:CrlSigningInterval"] = "01:00:00",
    });

    public async Task DisposeAsync() => await Server.DisposeAsync();
}
