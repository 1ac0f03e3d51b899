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
        return new
        {
            outlets = counts.Outlets,
            connected = counts.Connected,
            disconnected = counts.Outlets - counts.Connected,
            pendingMessages = counts.PendingMessages,
            outletsWithPending = counts.OutletsWithPending,
            longestWaiting = counts.LongestWaiting.Select(b => new
            {
                storeId = b.StoreId, pending = b.Pending, oldestPendingAt = b.OldestPendingAt, connected = b.Connected,
            }).ToArray(),
        };
    }
}
