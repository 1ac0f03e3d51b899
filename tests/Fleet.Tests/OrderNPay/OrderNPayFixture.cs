using Fleet.Tests.Infrastructure;

namespace Fleet.Tests.OrderNPay;

/// <summary>One Fleet host for the Order N Pay tests: a cheaper secret hash (the default is slow
/// on purpose), a small per-outlet failure limit, and an address limit high enough that tests
/// which fail on purpose do not lock each other out.</summary>
public sealed class OrderNPayFixture : IAsyncLifetime
{
    public static readonly Dictionary<string, string?> Settings = new()
    {
        ["Fleet:OrderNPay:SecretHashIterations"] = "10000",
        ["Fleet:OrderNPay:OutletFailureLimit"] = "3",
        ["Fleet:OrderNPay:AddressFailureLimit"] = "1000",
        ["Fleet:OrderNPay:FailureWindow"] = "00:05:00",
    };

    public FleetServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await FleetServer.StartAsync(Settings);

    public async Task DisposeAsync() => await Server.DisposeAsync();
}
