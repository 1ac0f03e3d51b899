namespace Fleet.Storage.ReadModel;

public sealed partial class FleetReadModel
{
    /// <summary>Last-seen times of one store's terminals, as presence has written them (at most one
    /// flush interval behind). A store page shows these: its grain is not told of every check-in.</summary>
    public async Task<IReadOnlyDictionary<string, DateTimeOffset>> LastSeenInStoreAsync(string storeId, CancellationToken ct = default)
    {
        var seen = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        await using var connection = await database.OpenAsync(ct);
        await using var command = Command(connection,
            "SELECT t.id, p.last_seen_ms FROM terminals AS t JOIN terminal_presence AS p ON p.id = t.id "
            + "WHERE t.store_id = @store AND p.last_seen_ms >= 0", ("store", storeId));
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) seen[reader.GetString(0)] = FromMs(reader.GetInt64Any(1));
        return seen;
    }
}
