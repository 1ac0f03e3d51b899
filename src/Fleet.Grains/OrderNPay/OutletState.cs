using Fleet.Common;
using Fleet.Storage;

namespace Fleet.OrderNPay;

/// <summary>An outlet integration and its message queue, stored as one grain state so that an
/// enqueue, an ack and the read-model row change in one transaction.</summary>
[GenerateSerializer, Alias("fleet.onp-outlet-state")]
public sealed class OutletState : IProjectedState
{
    [Id(0)] public string StoreId { get; set; } = "";
    [Id(1)] public string? PosRemoteId { get; set; }
    [Id(2)] public SecretHash? Secret { get; set; }
    [Id(3)] public DateTimeOffset CreatedAt { get; set; }
    [Id(4)] public DateTimeOffset UpdatedAt { get; set; }
    [Id(5)] public DateTimeOffset SecretUpdatedAt { get; set; }
    [Id(6)] public List<IssuedToken> Tokens { get; set; } = [];
    [Id(7)] public Guid? ConnectionId { get; set; }
    [Id(8)] public DateTimeOffset? ConnectedSince { get; set; }
    [Id(9)] public DateTimeOffset? LastSeenAt { get; set; }
    [Id(10)] public DateTimeOffset? LastAckAt { get; set; }
    [Id(11)] public DateTimeOffset? LastDisconnectedAt { get; set; }
    [Id(12)] public long LastSequence { get; set; }
    /// <summary>Unacknowledged messages in delivery (sequence) order.</summary>
    [Id(13)] public List<OutletMessage> Pending { get; set; } = [];
    /// <summary>The most recently acknowledged messages, oldest first.</summary>
    [Id(14)] public List<OutletMessage> Acked { get; set; } = [];

    public ReadModelRow ToReadModelRow(string grainKey) => PosRemoteId is null
        ? new ReadModelRow("order_n_pay_outlets", StoreId, null)
        : new ReadModelRow("order_n_pay_outlets", StoreId, new Dictionary<string, object?>
        {
            ["pos_remote_id"] = PosRemoteId,
            ["connection_id"] = ConnectionId?.ToString(),
            ["connected_since_ms"] = UnixTime.Ms(ConnectedSince),
            ["last_seen_ms"] = UnixTime.Ms(LastSeenAt),
            ["last_ack_ms"] = UnixTime.Ms(LastAckAt),
            ["pending_count"] = Pending.Count,
            ["oldest_pending_ms"] = Pending.Count == 0 ? null : UnixTime.Ms(Pending[0].CreatedAt),
            ["created_at_ms"] = UnixTime.Ms(CreatedAt),
            ["updated_at_ms"] = UnixTime.Ms(UpdatedAt),
        });
}
