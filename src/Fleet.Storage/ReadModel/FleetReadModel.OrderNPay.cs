namespace Fleet.Storage.ReadModel;

public sealed partial class FleetReadModel
{
    /// <summary>Order N Pay counts. A recorded connection counts as connected only while its socket
    /// loop was seen within <paramref name="staleAfter"/>: a silo that died cannot say goodbye.</summary>
    public async Task<OrderNPayHealthCounts> GetOrderNPayHealthAsync(
        DateTimeOffset now, TimeSpan staleAfter, CancellationToken ct = default)
    {
        var threshold = (now - staleAfter).ToUnixTimeMilliseconds();
        const string connected = "connection_id IS NOT NULL AND last_seen_ms >= @threshold";
        await using var connection = await database.OpenAsync(ct);

        int outlets = 0, online = 0, pending = 0, withPending = 0;
        await using (var command = Command(connection,
            $"SELECT COUNT(*), SUM(CASE WHEN {connected} THEN 1 ELSE 0 END), SUM(pending_count), "
            + "SUM(CASE WHEN pending_count > 0 THEN 1 ELSE 0 END) FROM order_n_pay_outlets",
            ("threshold", threshold)))
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            if (await reader.ReadAsync(ct))
            {
                outlets = (int)reader.GetInt64Any(0);
                online = (int)(reader.GetNullableInt64(1) ?? 0);
                pending = (int)(reader.GetNullableInt64(2) ?? 0);
                withPending = (int)(reader.GetNullableInt64(3) ?? 0);
            }
        }

        var waiting = new List<OrderNPayBacklog>();
        await using (var command = Command(connection,
            $"SELECT id, pending_count, oldest_pending_ms, CASE WHEN {connected} THEN 1 ELSE 0 END "
            + "FROM order_n_pay_outlets WHERE pending_count > 0 ORDER BY oldest_pending_ms, id LIMIT 10",
            ("threshold", threshold)))
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
                waiting.Add(new OrderNPayBacklog(reader.GetString(0), (int)reader.GetInt64Any(1),
                    DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64Any(2)), reader.GetInt64Any(3) == 1));
        }
        return new OrderNPayHealthCounts(outlets, online, pending, withPending, waiting);
    }
}
