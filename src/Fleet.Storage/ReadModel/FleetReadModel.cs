using System.Data.Common;
using Fleet.Health;
using Fleet.Licences;

namespace Fleet.Storage.ReadModel;

/// <summary>Fleet-wide lists and counts over the relational read model, one partial file per area.
/// Every query is an index seek or a single aggregate pass, so it stays fast at a million devices
/// and never touches a grain.</summary>
public sealed partial class FleetReadModel(FleetDatabase database)
{
    public const int MaxPageSize = 500;

    /// <summary>Told every list statement before it runs: how the index-use tests get the exact
    /// SQL each filter and sort produces.</summary>
    internal Action<BuiltQuery>? QueryBuilt { get; set; }

    private static readonly Dictionary<string, string> StoreSorts = new()
    {
        ["id"] = "id", ["name"] = "name",
    };

    private static readonly Dictionary<string, string> TerminalSorts = new()
    {
        ["id"] = "id", ["serialNumber"] = "serial_number", ["storeId"] = "store_id",
        ["kind"] = "kind", ["lastSeen"] = "last_seen_ms",
    };

    private static readonly Dictionary<string, string> PosSorts = new()
    {
        ["id"] = "id", ["storeId"] = "store_id",
    };

    public static IReadOnlyCollection<string> StoreSortNames => StoreSorts.Keys;
    public static IReadOnlyCollection<string> TerminalSortNames => TerminalSorts.Keys;
    public static IReadOnlyCollection<string> PosSortNames => PosSorts.Keys;

    public async Task<Page<StoreRow>> ListStoresAsync(
        string? corporateId, string? sort, int limit, string? cursor,
        DateTimeOffset now, TimeSpan offlineAfter, CancellationToken ct = default)
    {
        var order = ParseSort(sort, StoreSorts);
        var query = new KeysetQuery("stores",
            "id, name, time_zone, corporate_id, terminal_count, pos_count, created_at_ms, updated_at_ms", order);
        if (corporateId is not null) query.Where("corporate_id = @corporate", ("corporate", corporateId));

        var page = await query.ReadAsync(database, CheckLimit(limit), cursor, r => new StoreRow(
                r.GetString(0), r.GetString(1), r.GetString(2), r.GetNullableString(3),
                (int)r.GetInt64Any(4), (int)r.GetInt64Any(5), 0,
                FromMs(r.GetInt64Any(6)), FromMs(r.GetInt64Any(7))),
            s => (order.Column == "name" ? s.Name : s.Id, s.Id), ct, QueryBuilt);

        if (page.Items.Count == 0) return page;
        var online = await CountOnlineByStoreAsync(page.Items.Select(s => s.Id).ToArray(), now, offlineAfter, ct);
        return page with
        {
            Items = page.Items.Select(s => s with { TerminalsOnline = online.GetValueOrDefault(s.Id) }).ToArray(),
        };
    }

    /// <summary>
    /// A page of terminals. Online/offline is a range of last-seen times, and no index gives both that
    /// range and another sort order, so a page sorted by something else is read one of two ways: seek the
    /// range and sort what matches (cheap when few match), or walk the sort order's index and skip
    /// what does not match (cheap when most match: about limit × total / matching rows are read). The
    /// filter's <see cref="TerminalFilter.HealthShare"/> picks the cheaper one — the walk once
    /// matching² ≥ limit × total, the seek below that — and tells the database (left to itself, SQLite
    /// without statistics may walk when almost nothing matches), so a page costs at most about
    /// √(limit × total) rows either way
    /// (≈ 7,000 at a million terminals) instead of every online terminal.
    /// </summary>
    public Task<Page<TerminalRow>> ListTerminalsAsync(
        TerminalFilter filter, string? sort, int limit, string? cursor,
        DateTimeOffset now, TimeSpan offlineAfter, CancellationToken ct = default)
    {
        var order = ParseSort(sort, TerminalSorts).PinnedBy(
            (filter.StoreId is not null, "store_id"), (filter.Kind is not null, "kind"));
        // A page in last-seen order, or of the never-seen in id order, is read from the presence index
        // (last_seen_ms, id, kind): ordered by the presence row's id and filtered by its kind (see
        // 102-terminal-rows-view.sql). A store's terminals are few: they are sought and sorted.
        var fromPresence = order.Column == "last_seen_ms"
            || (filter.Health == "never" && order.Column == "id" && filter.StoreId is null && filter.Kind is null);
        if (fromPresence && order.Column == "id") order = order with { Column = "presence_id" };
        var query = new KeysetQuery("terminal_rows",
            "id, store_id, kind, serial_number, model, app_version, ip_address, local_port, battery, status_text, "
            + "last_seen_ms, cert_not_after_ms, created_at_ms, updated_at_ms", order, fromPresence ? "presence_id" : "id");
        if (filter.StoreId is not null) query.Where("store_id = @store", ("store", filter.StoreId));
        if (filter.Kind is not null) query.Where($"{(fromPresence && filter.StoreId is null ? "presence_kind" : "kind")} = @kind", ("kind", filter.Kind));
        var threshold = (now - offlineAfter).ToUnixTimeMilliseconds();
        // "+ 0" keeps both databases from seeking the last-seen range, so they walk the sort order instead;
        // SortWithoutIndex keeps them from walking the sort order, so they seek the range and sort.
        var lastSeen = "last_seen_ms";
        if (filter.Health is "online" or "offline" && order.Column != "last_seen_ms" && filter.HealthShare is var (matching, total))
        {
            if ((long)matching * matching >= (long)CheckLimit(limit) * total) lastSeen = "(last_seen_ms + 0)";
            else query.SortWithoutIndex();
        }
        switch (filter.Health)
        {
            case null: break;
            case "online": query.Where($"{lastSeen} >= @threshold", ("threshold", threshold)); break;
            case "offline": query.Where($"{lastSeen} >= 0 AND {lastSeen} < @threshold", ("threshold", threshold)); break;
            case "never": query.Where("last_seen_ms = -1"); break;
            default: throw new InvalidQueryException("status", "'status' must be one of online, offline, never.");
        }
        if (filter.CertificateExpiresBefore is { } before)
            query.Where("cert_not_after_ms IS NOT NULL AND cert_not_after_ms < @cert_before",
                ("cert_before", before.ToUnixTimeMilliseconds()));

        return query.ReadAsync(database, CheckLimit(limit), cursor, r => new TerminalRow(
                r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetNullableString(4),
                r.GetNullableString(5), r.GetNullableString(6), (int?)r.GetNullableInt64(7),
                (int?)r.GetNullableInt64(8), r.GetNullableString(9), r.GetNullableTime(10),
                r.GetNullableTime(11), FromMs(r.GetInt64Any(12)), FromMs(r.GetInt64Any(13))),
            t => (order.Column switch
            {
                "serial_number" => t.SerialNumber,
                "store_id" => t.StoreId,
                "kind" => t.Kind,
                "last_seen_ms" => t.LastSeen?.ToUnixTimeMilliseconds() ?? -1L,
                _ => (object)t.Id,
            }, t.Id), ct, QueryBuilt);
    }

    public Task<Page<PosRow>> ListPosAsync(
        PosFilter filter, string? sort, int limit, string? cursor, CancellationToken ct = default)
    {
        var order = ParseSort(sort, PosSorts).PinnedBy((filter.StoreId is not null, "store_id"));
        var query = new KeysetQuery("pos",
            "id, store_id, name, terminal_id, cert_serial, cert_not_after_ms, licence_state, licence_valid_to_ms, "
            + "created_at_ms, updated_at_ms, pos_id", order);
        if (filter.StoreId is not null) query.Where("store_id = @store", ("store", filter.StoreId));
        if (filter.PosId is not null) query.Where("pos_id = @pos_id", ("pos_id", filter.PosId));
        if (filter.Paired is true) query.Where("cert_serial IS NOT NULL");
        if (filter.Paired is false) query.Where("cert_serial IS NULL");
        switch (filter.LicenceState)
        {
            case null: break;
            case "none": query.Where("licence_state IS NULL"); break;
            case { } text when LicenceStatusRules.TryParseFilter(text, out var status):
                LicenceConditions.Apply(query, status, "licence_state", null, "licence_valid_to_ms", filter.Now);
                break;
            default:
                throw new InvalidQueryException("licence", $"'licence' must be none or one of {LicenceConditions.Names}.");
        }
        if (filter.CertificateExpiresBefore is { } before)
            query.Where("cert_not_after_ms IS NOT NULL AND cert_not_after_ms < @cert_before",
                ("cert_before", before.ToUnixTimeMilliseconds()));

        return query.ReadAsync(database, CheckLimit(limit), cursor, r => new PosRow(
                r.GetString(0), r.GetNullableString(10) ?? r.GetString(0), r.GetString(1), r.GetNullableString(2), r.GetNullableString(3),
                r.GetNullableString(4), r.GetNullableTime(5), r.GetNullableString(6), r.GetNullableTime(7),
                FromMs(r.GetInt64Any(8)), FromMs(r.GetInt64Any(9))),
            p => (order.Column == "store_id" ? p.StoreId : p.Id, p.Id), ct, QueryBuilt);
    }

    public Task<Page<ApiKeyRow>> ListApiKeysAsync(int limit, string? cursor, CancellationToken ct = default) =>
        new KeysetQuery("api_keys", "id, name, role, created_at_ms, revoked_at_ms", new SortOrder("id", false))
            .ReadAsync(database, CheckLimit(limit), cursor, r => new ApiKeyRow(
                    r.GetString(0), r.GetString(1), r.GetString(2), FromMs(r.GetInt64Any(3)), r.GetNullableTime(4)),
                k => (k.Id, k.Id), ct, QueryBuilt);

    /// <summary>Which of the given store ids exist: how a bulk import checks references in one query.</summary>
    public async Task<IReadOnlySet<string>> ExistingStoreIdsAsync(IReadOnlyCollection<string> ids, CancellationToken ct = default)
    {
        var found = new HashSet<string>(StringComparer.Ordinal);
        await using var connection = await database.OpenAsync(ct);
        foreach (var chunk in ids.Distinct().Chunk(500))
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT id FROM stores WHERE id IN ({string.Join(", ", chunk.Select((_, i) => "@s" + i))})";
            for (var i = 0; i < chunk.Length; i++) command.AddParameter("s" + i, chunk[i]);
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct)) found.Add(reader.GetString(0));
        }
        return found;
    }

    /// <summary>The terminal and POS counts of the health report. Run by the cluster's one health
    /// snapshot owner every few seconds, not per request; still, each count is a range over an
    /// index rather than a CASE over every row: online and never-seen terminals are counted per
    /// kind over the presence index <c>(last_seen_ms, id, kind)</c> alone, and the stores with most
    /// offline terminals come from its offline range.</summary>
    public async Task<FleetHealthCounts> GetHealthAsync(DateTimeOffset now, TimeSpan offlineAfter, CancellationToken ct = default)
    {
        var threshold = (now - offlineAfter).ToUnixTimeMilliseconds();
        await using var connection = await database.OpenAsync(ct);

        var totals = new List<(string Kind, int Total)>();
        await using (var command = Command(connection, "SELECT kind, COUNT(*) FROM terminals GROUP BY kind"))
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct)) totals.Add((reader.GetString(0), (int)reader.GetInt64Any(1)));
        }
        var onlineByKind = await CountByKindAsync(connection,
            "SELECT kind, COUNT(*) FROM terminal_presence WHERE last_seen_ms >= @threshold GROUP BY kind", ct, ("threshold", threshold));
        var neverByKind = await CountByKindAsync(connection,
            "SELECT kind, COUNT(*) FROM terminal_presence WHERE last_seen_ms = -1 GROUP BY kind", ct);
        var byKind = new Dictionary<string, KindCounts>();
        foreach (var (kind, total) in totals)
        {
            var online = onlineByKind.GetValueOrDefault(kind);
            var never = neverByKind.GetValueOrDefault(kind);
            byKind[kind] = new KindCounts(total, online, total - online - never, never);
        }

        int stores = await ScalarAsync(connection, "SELECT COUNT(*) FROM stores", ct);
        int pos = await ScalarAsync(connection, "SELECT COUNT(*) FROM pos", ct);
        int paired = await ScalarAsync(connection, "SELECT COUNT(*) FROM pos WHERE cert_serial IS NOT NULL", ct);

        var offlineByStore = new List<(string Store, int Offline)>();
        await using (var command = Command(connection,
            "SELECT t.store_id, COUNT(*) AS offline FROM terminal_presence AS p JOIN terminals AS t ON t.id = p.id "
            + "WHERE p.last_seen_ms >= 0 AND p.last_seen_ms < @threshold "
            + "GROUP BY t.store_id ORDER BY offline DESC, t.store_id LIMIT 10",
            ("threshold", threshold)))
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct)) offlineByStore.Add((reader.GetString(0), (int)reader.GetInt64Any(1)));
        }
        var worst = new List<StoreHealthCounts>();
        if (offlineByStore.Count > 0)
        {
            var ids = offlineByStore.Select(s => s.Store).ToArray();
            var online = await CountOnlineByStoreAsync(connection, ids, threshold, ct);
            var sizes = await CountTerminalsByStoreAsync(connection, ids, ct);
            worst.AddRange(offlineByStore.Select(s =>
                new StoreHealthCounts(s.Store, sizes.GetValueOrDefault(s.Store), online.GetValueOrDefault(s.Store), s.Offline)));
        }

        var all = byKind.Values.Aggregate(new KindCounts(0, 0, 0, 0), (a, k) =>
            new KindCounts(a.Total + k.Total, a.Online + k.Online, a.Offline + k.Offline, a.Never + k.Never));
        return new FleetHealthCounts(stores, all, byKind, pos, paired, worst);
    }

    private async Task<Dictionary<string, int>> CountOnlineByStoreAsync(
        string[] storeIds, DateTimeOffset now, TimeSpan offlineAfter, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        return await CountOnlineByStoreAsync(connection, storeIds, (now - offlineAfter).ToUnixTimeMilliseconds(), ct);
    }

    /// <summary>Online terminals of a page of stores: a seek per store on <c>(store_id, id)</c>, each
    /// terminal's presence found by its key.</summary>
    private static Task<Dictionary<string, int>> CountOnlineByStoreAsync(
        DbConnection connection, string[] storeIds, long threshold, CancellationToken ct) =>
        CountByStoreAsync(connection, "terminal_rows", "last_seen_ms >= @threshold AND ", storeIds, ct, ("threshold", threshold));

    private static Task<Dictionary<string, int>> CountTerminalsByStoreAsync(
        DbConnection connection, string[] storeIds, CancellationToken ct) =>
        CountByStoreAsync(connection, "terminals", "", storeIds, ct);

    private static async Task<Dictionary<string, int>> CountByStoreAsync(
        DbConnection connection, string table, string condition, string[] storeIds, CancellationToken ct, params (string, object?)[] parameters)
    {
        var result = new Dictionary<string, int>(StringComparer.Ordinal);
        await using var command = Command(connection,
            $"SELECT store_id, COUNT(*) FROM {table} WHERE {condition}store_id IN "
            + $"({string.Join(", ", storeIds.Select((_, i) => "@s" + i))}) GROUP BY store_id", parameters);
        for (var i = 0; i < storeIds.Length; i++) command.AddParameter("s" + i, storeIds[i]);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) result[reader.GetString(0)] = (int)reader.GetInt64Any(1);
        return result;
    }

    private static async Task<Dictionary<string, int>> CountByKindAsync(
        DbConnection connection, string sql, CancellationToken ct, params (string, object?)[] parameters)
    {
        var result = new Dictionary<string, int>(StringComparer.Ordinal);
        await using var command = Command(connection, sql, parameters);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) result[reader.GetString(0)] = (int)reader.GetInt64Any(1);
        return result;
    }

    private static DbCommand Command(DbConnection connection, string sql, params (string, object?)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters) command.AddParameter(name, value);
        return command;
    }

    private static async Task<int> ScalarAsync(
        DbConnection connection, string sql, CancellationToken ct, params (string, object?)[] parameters)
    {
        await using var command = Command(connection, sql, parameters);
        return Convert.ToInt32(await command.ExecuteScalarAsync(ct));
    }

    private static SortOrder ParseSort(string? sort, IReadOnlyDictionary<string, string> columns) =>
        SortOrder.Parse(sort, columns, "id")
        ?? throw new InvalidQueryException("sort",
            $"'sort' must be one of {string.Join(", ", columns.Keys)} (prefix '-' for descending).");

    private static int CheckLimit(int limit) => limit is >= 1 and <= MaxPageSize
        ? limit
        : throw new InvalidQueryException("limit", $"'limit' must be between 1 and {MaxPageSize}.");

    private static DateTimeOffset FromMs(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);
}
