using Fleet.OrderNPay;
using Fleet.Server.Health;
using Fleet.Storage.ReadModel;
using Microsoft.Extensions.Options;

namespace Fleet.Server.OrderNPay;

/// <summary>The <c>orderNPay</c> part of the fleet health report, from the read model.</summary>
public sealed class OrderNPayHealthSection(FleetReadModel readModel, IOptions<OrderNPayOptions> options) : IFleetHealthSection
{
    public string Name => "orderNPay";

    public async Task<object> ReadAsync(DateTimeOffset now, CancellationToken ct)
    {
        var counts = await readModel.GetOrderNPayHealthAsync(now, options.Value.ConnectionStaleAfter, ct);
        return new OrderNPayHealth(counts.Outlets, counts.Connected, counts.Outlets - counts.Connected,
            counts.PendingMessages, counts.OutletsWithPending,
            counts.LongestWaiting.Select(b => new OrderNPayBacklogHealth(b.StoreId, b.Pending, b.OldestPendingAt, b.Connected)).ToArray());
    }
}
