using Fleet.OrderNPay;

namespace Fleet.Server.Apis.Models;

/// <summary>An Order N Pay integration as the API shows it: never the secret.</summary>
public sealed record OutletResource(
    string StoreId, string ProviderOutletId, string PosRemoteId,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset SecretUpdatedAt,
    OutletConnectionResource Connection, int PendingCount, DateTimeOffset? OldestPendingAt)
{
    public static OutletResource From(OutletView view) => new(
        view.ProviderOutletId, view.ProviderOutletId, view.PosRemoteId, view.CreatedAt, view.UpdatedAt, view.SecretUpdatedAt,
        new OutletConnectionResource(view.Connection.Connected, view.Connection.ConnectedSince, view.Connection.LastSeenAt,
            view.Connection.LastAckAt, view.Connection.LastDisconnectedAt),
        view.PendingCount, view.OldestPendingAt);
}

public sealed record OutletConnectionResource(
    bool Connected, DateTimeOffset? ConnectedSince, DateTimeOffset? LastSeenAt, DateTimeOffset? LastAckAt,
    DateTimeOffset? LastDisconnectedAt);
