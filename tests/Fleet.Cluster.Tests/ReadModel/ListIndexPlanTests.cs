using System.Data.Common;
using System.Text.RegularExpressions;
using Fleet.Cluster.Tests.Support;
using Fleet.Licences;
using Fleet.Storage;
using Fleet.Storage.ReadModel;
using Xunit.Abstractions;

namespace Fleet.Cluster.Tests.ReadModel;

/// <summary>Every documented list filter and sort, as the read model builds it (the exact SQL and
/// parameters, captured through <see cref="FleetReadModel.QueryBuilt"/>), explained by the
/// database itself. Equality filters with any sort must be one index seek read in the sort's order
/// (no full scan, no sort step); range filters (status online/offline, certificate expiry,
/// licence periods, audit time) must at least be index range seeks, never full scans. Second
/// pages (with a cursor) are checked too: they must seek to the cursor, not read from the start.
/// PostgreSQL gets thousands of rows and ANALYZE, so its cost-based choice is the one it would
/// make in production (nothing is switched off); SQLite plans without statistics, as Fleet runs it.
/// The plans are printed (run with a console logger to see them) and recorded in docs/storage.md.</summary>
public sealed class ListIndexPlanTests(ITestOutputHelper output)
{
    private const long Now = 1_800_000_000_000;
    private static readonly DateTimeOffset NowTime = DateTimeOffset.FromUnixTimeMilliseconds(Now);
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(2);

    public static TheoryData<DatabaseKind> Kinds => new() { DatabaseKind.Sqlite, DatabaseKind.Postgres };

    /// <summary>Walk: no filter, the index is read in the sort's order from its start and the page
    /// stops after limit + 1 entries. OrderedSeek: a seek on the filter, read in the sort's order.
    /// RangeSeek: a range filter (or one the sort cannot follow): an index range seek whose matches
    /// are sorted, or an index read in the sort's order and filtered; never a full table scan.
    /// FilteredWalk: the sort's index read in order from the start (or the cursor), skipping rows the
    /// filter refuses, with no sort step: how a status filter that matches most of the fleet is read.
    /// SeekThenSort: the filter's index seeked and its (few) matches sorted: how a status filter that
    /// matches little of the fleet is read.</summary>
    private enum Expect { Walk, OrderedSeek, RangeSeek, FilteredWalk, SeekThenSort }

    private sealed record Case(string Name, Expect Expect, Func<FleetReadModel, string?, Task<string?>> Run);

    [Theory, MemberData(nameof(Kinds))]
    public async Task Every_documented_list_filter_and_sort_is_answered_by_an_index_seek(DatabaseKind kind)
    {
        await using var isolated = await IsolatedDatabase.CreateAsync(kind);
        var database = isolated.Database;
        await database.EnsureSchemaAsync();
        await SeedAsync(database, kind);

        var readModel = new FleetReadModel(database);
        var failures = new List<string>();
        foreach (var @case in Cases())
        {
            // First page, then the second page through the first page's cursor.
            foreach (var page in new[] { 1, 2 })
            {
                BuiltQuery? built = null;
                readModel.QueryBuilt = q => built = q;
                string? cursor = null;
                if (page == 2)
                {
                    cursor = await @case.Run(readModel, null);
                    if (cursor is null) { failures.Add($"{@case.Name}: the seed gives no second page"); continue; }
                }
                await @case.Run(readModel, cursor);
                var plan = await ExplainAsync(database, kind, built!);
                var name = page == 1 ? @case.Name : @case.Name + " (page 2)";
                output.WriteLine($"{kind} | {name} | {string.Join(" / ", plan)}");
                if (Problem(kind, @case.Expect, plan) is { } problem) failures.Add($"{name}: {problem}: {string.Join(" / ", plan)}");
            }
        }
        readModel.QueryBuilt = null;
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    private static string? Problem(DatabaseKind kind, Expect expect, IReadOnlyList<string> plan)
    {
        if (kind == DatabaseKind.Sqlite)
        {
            // A terminal's presence row (or, read from the presence index, its terminals row) is joined
            // by its key: one seek per row read, which says nothing about how the page itself is read.
            plan = plan.Where(l => !Regex.IsMatch(l, @"^SEARCH (t|p) USING (PRIMARY KEY|INDEX sqlite_autoindex_terminals_1) \(id=\?\)$")).ToList();
            var sorts = plan.Any(l => l.Contains("TEMP B-TREE", StringComparison.Ordinal));
            if (expect is not (Expect.RangeSeek or Expect.SeekThenSort) && sorts) return "sorts the matches";
            if (expect == Expect.FilteredWalk)
                return plan.All(l => l.Contains("INDEX", StringComparison.Ordinal)) ? null : "reads the table, not the sort's index";
            if (expect == Expect.SeekThenSort)
                return plan.Any(l => l.StartsWith("SEARCH ", StringComparison.Ordinal) && l.Contains("last_seen", StringComparison.Ordinal))
                    ? null : "does not seek the last-seen range";
            // "SCAN t" reads the whole table. "SCAN t USING INDEX i" reads the index in order from
            // its start: right for an unfiltered page (it stops at the limit), a scan otherwise.
            if (plan.Any(l => l.StartsWith("SCAN ", StringComparison.Ordinal)))
                return expect == Expect.Walk && plan.All(l => l.Contains("INDEX", StringComparison.Ordinal)) ? null : "full scan";
            return plan.Any(l => l.StartsWith("SEARCH ", StringComparison.Ordinal) && l.Contains("INDEX", StringComparison.Ordinal))
                ? null : "no index seek";
        }
        if (plan.Any(l => l.Contains("Seq Scan", StringComparison.Ordinal))) return "full scan";
        if (expect is not (Expect.RangeSeek or Expect.SeekThenSort) && plan.Any(l => Regex.IsMatch(l, @"(^|->\s+)(Incremental )?Sort\b"))) return "sorts the matches";
        if (expect == Expect.FilteredWalk) return plan.Any(l => l.Contains("Index", StringComparison.Ordinal)) ? null : "no index";
        if (expect == Expect.SeekThenSort)
            return plan.Any(l => l.Contains("Index Cond", StringComparison.Ordinal) && l.Contains("last_seen_ms", StringComparison.Ordinal))
                ? null : "does not seek the last-seen range";
        // An index scan with no Index Cond reads the index in order from its start: right for an
        // unfiltered page (it stops at the limit), a scan when rows are filtered on the way.
        if (expect == Expect.Walk) return plan.Any(l => l.StartsWith("Filter:", StringComparison.Ordinal)) ? "filters a walk" : null;
        // A range filter matching much of the table is cheapest read in the sort's order and
        // filtered (it stops after about limit / selectivity rows): the planner's cost-based choice.
        if (expect == Expect.RangeSeek) return plan.Any(l => l.Contains("Index", StringComparison.Ordinal)) ? null : "no index";
        return plan.Any(l => l.Contains("Index Cond", StringComparison.Ordinal)) ? null : "no index condition";
    }

    private static async Task<IReadOnlyList<string>> ExplainAsync(FleetDatabase database, DatabaseKind kind, BuiltQuery built)
    {
        await using var connection = await database.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = (kind == DatabaseKind.Sqlite ? "EXPLAIN QUERY PLAN " : "EXPLAIN ") + built.Sql;
        foreach (var (name, value) in built.Parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }
        var lines = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) lines.Add((kind == DatabaseKind.Sqlite ? reader.GetString(3) : reader.GetString(0)).Trim());
        return lines;
    }

    private static IEnumerable<Case> Cases()
    {
        const int Limit = 2;
        Case Terminals(string name, Expect expect, TerminalFilter filter, string? sort, DateTimeOffset? now = null) =>
            new($"terminals {name}", expect, async (m, c) => (await m.ListTerminalsAsync(filter, sort, Limit, c, now ?? NowTime, Window)).NextCursor);

        string[] terminalSorts = ["id", "-id", "serialNumber", "-serialNumber", "storeId", "-storeId", "kind", "-kind", "lastSeen", "-lastSeen"];
        foreach (var sort in terminalSorts)
        {
            yield return Terminals($"sort={sort}", Expect.Walk, new TerminalFilter(), sort);
            // Last-seen times live in terminal_presence, whose one index is (last_seen_ms, id, kind): a
            // store's terminals (tens) are sought and sorted; a kind is read in last-seen order from that
            // index, skipping the other kinds' entries in it (there are two kinds).
            var bySeen = sort.EndsWith("lastSeen", StringComparison.Ordinal);
            yield return Terminals($"store sort={sort}", bySeen ? Expect.RangeSeek : Expect.OrderedSeek, new TerminalFilter(StoreId: "store-7"), sort);
            yield return Terminals($"kind sort={sort}", bySeen ? Expect.FilteredWalk : Expect.OrderedSeek, new TerminalFilter(Kind: "pax"), sort);
            yield return Terminals($"store+kind sort={sort}", bySeen ? Expect.RangeSeek : Expect.OrderedSeek, new TerminalFilter(StoreId: "store-7", Kind: "android"), sort);
            yield return Terminals($"store+status=never sort={sort}", Expect.RangeSeek, new TerminalFilter(StoreId: "store-7", Health: "never"), sort);
            foreach (var status in new[] { "online", "offline", "never" })
                yield return Terminals($"status={status} sort={sort}", Expect.RangeSeek, new TerminalFilter(Health: status), sort);
            // As the seed has them (half online, a quarter offline): the health snapshot says most match.
            if (!sort.EndsWith("lastSeen", StringComparison.Ordinal))
            {
                yield return Terminals($"status=online (50 % of the fleet) sort={sort}", Expect.FilteredWalk,
                    new TerminalFilter(Health: "online") { HealthShare = (10_000, 20_000) }, sort);
                yield return Terminals($"status=offline (25 % of the fleet) sort={sort}", Expect.FilteredWalk,
                    new TerminalFilter(Health: "offline") { HealthShare = (5_000, 20_000) }, sort);
                // As a fleet at night has them: ~10 ms short of the window, only ~10 of the seeded terminals are
                // still online, and the snapshot says so.
                yield return Terminals($"status=online (few: 0.05 % of the fleet) sort={sort}", Expect.SeekThenSort,
                    new TerminalFilter(Health: "online") { HealthShare = (10, 20_000) }, sort, NowTime + Window - TimeSpan.FromMilliseconds(10));
            }
            yield return Terminals($"certificateExpiresWithinDays sort={sort}", Expect.RangeSeek,
                new TerminalFilter(CertificateExpiresBefore: NowTime.AddDays(30)), sort);
        }
        yield return Terminals("status=never sort=id", Expect.OrderedSeek, new TerminalFilter(Health: "never"), "id");
        yield return Terminals("status=online sort=lastSeen", Expect.OrderedSeek, new TerminalFilter(Health: "online"), "lastSeen");
        yield return Terminals("README store+kind+status=never sort=-serialNumber", Expect.RangeSeek,
            new TerminalFilter("store-7", "pax", "never"), "-serialNumber");

        foreach (var sort in new[] { "id", "-id", "name", "-name" })
        {
            yield return new($"stores sort={sort}", Expect.Walk,
                async (m, c) => (await m.ListStoresAsync(null, sort, Limit, c, NowTime, Window)).NextCursor);
            yield return new($"stores corporateId sort={sort}", Expect.OrderedSeek,
                async (m, c) => (await m.ListStoresAsync("corp-3", sort, Limit, c, NowTime, Window)).NextCursor);
        }

        foreach (var sort in new[] { "id", "-id", "storeId", "-storeId" })
        {
            Case Pos(string name, Expect expect, PosFilter filter) =>
                new($"pos {name} sort={sort}", expect, async (m, c) => (await m.ListPosAsync(filter with { Now = NowTime }, sort, Limit, c)).NextCursor);
            yield return Pos("(none)", Expect.Walk, new PosFilter());
            yield return Pos("store", Expect.OrderedSeek, new PosFilter(StoreId: "store-7"));
            // A till number is reused across stores: posId seeks ix_pos_pos_id in every store; it matches
            // at most one POS per store, so a planner may sort those few matches.
            yield return Pos("posId", Expect.RangeSeek, new PosFilter(PosId: "p7"));
            yield return Pos("store+paired", Expect.OrderedSeek, new PosFilter(StoreId: "store-7", Paired: true));
            // Partial indexes hold exactly the paired (unpaired) POS: read in id order, no filter.
            yield return Pos("paired=true", Expect.Walk, new PosFilter(Paired: true));
            yield return Pos("paired=false", Expect.Walk, new PosFilter(Paired: false));
            yield return Pos("licence=none", Expect.RangeSeek, new PosFilter(LicenceState: "none"));
            foreach (var licence in new[] { "PendingApproval", "Active", "ExpiringSoon", "Expired", "Rejected", "Revoked" })
                yield return Pos($"licence={licence}", Expect.RangeSeek, new PosFilter(LicenceState: licence));
        }

        foreach (var (name, filter) in new (string, CertificateFilter)[]
                 {
                     ("(none)", new()), ("pos", new(PosId: "p7")), ("terminal", new(TerminalId: "t7")), ("store", new(StoreId: "store-7")),
                 })
            yield return new($"certificates {name}", name == "(none)" ? Expect.Walk : Expect.OrderedSeek,
                async (m, c) => (await m.ListCertificatesAsync(filter, NowTime, Limit, c)).NextCursor);
        yield return new("certificates status=revoked", Expect.Walk, // a partial index of the revoked ones
            async (m, c) => (await m.ListCertificatesAsync(new CertificateFilter(Status: "revoked"), NowTime, Limit, c)).NextCursor);
        foreach (var status in new[] { "active", "expired" })
            yield return new($"certificates status={status}", Expect.RangeSeek,
                async (m, c) => (await m.ListCertificatesAsync(new CertificateFilter(Status: status), NowTime, Limit, c)).NextCursor);

        foreach (var sort in new[] { "productionNumber", "-productionNumber", "validTo", "-validTo", "createdAt", "-createdAt" })
        {
            Case Activations(string name, Expect expect, ActivationFilter filter) =>
                new($"activations {name} sort={sort}", expect, async (m, c) => (await m.ListActivationsAsync(filter, sort, Limit, c, NowTime)).NextCursor);
            yield return Activations("(none)", Expect.Walk, new ActivationFilter());
            yield return Activations("corporateId", Expect.OrderedSeek, new ActivationFilter(CorporateId: "corp-3"));
            yield return Activations("posId", Expect.OrderedSeek, new ActivationFilter(PosId: "p7"));
            // Four approval values: a quarter of the table matches, so PostgreSQL may rightly read
            // the sort's index and filter (it stops after about 4 × limit rows).
            var byApproval = sort.EndsWith("productionNumber", StringComparison.Ordinal) ? Expect.OrderedSeek : Expect.RangeSeek;
            yield return Activations("status=Rejected", byApproval, new ActivationFilter(Status: LicenceStatusFilter.Rejected));
            yield return Activations("status=Revoked", byApproval, new ActivationFilter(Status: LicenceStatusFilter.Revoked));
            foreach (var status in new[] { LicenceStatusFilter.PendingApproval, LicenceStatusFilter.Active, LicenceStatusFilter.ExpiringSoon,
                         LicenceStatusFilter.NotYetValid, LicenceStatusFilter.Expired })
                yield return Activations($"status={status}", Expect.RangeSeek, new ActivationFilter(Status: status));
        }

        foreach (var (name, filter) in new (string, AuditFilter)[]
                 {
                     ("(none)", new()), ("actor", new(Actor: "user:u3")), ("targetType+targetId", new(TargetType: "terminal", TargetId: "store-7")),
                     ("targetType", new(TargetType: "store")), ("targetId", new(TargetId: "store-7")),
                     ("from+to", new(From: DateTimeOffset.FromUnixTimeMilliseconds(0x000010001000), To: DateTimeOffset.FromUnixTimeMilliseconds(0x000020000000))),
                 })
            // targetType has a handful of values: half the seed matches, a filtered walk is cheapest.
            yield return new($"audit {name}", name switch { "(none)" => Expect.Walk, "targetType" => Expect.RangeSeek, _ => Expect.OrderedSeek }, async (m, c) => (await m.ListAuditEventsAsync(filter, Limit, c)).NextCursor);
        yield return new("audit action prefix", Expect.RangeSeek,
            async (m, c) => (await m.ListAuditEventsAsync(new AuditFilter(ActionPrefix: "store."), Limit, c)).NextCursor);

        yield return new("api keys", Expect.Walk, async (m, c) => (await m.ListApiKeysAsync(Limit, c)).NextCursor);
        yield return new("users", Expect.Walk, async (m, c) => (await m.ListDashboardUsersAsync(Limit, c)).NextCursor);
    }

    /// <summary>A fleet shaped like a real one: 500 stores of 40 terminals, two kinds, a quarter
    /// never seen, a quarter offline; POS half paired; licences in every state.</summary>
    private static async Task SeedAsync(FleetDatabase database, DatabaseKind kind)
    {
        string Series(int n, string insert, string select) => kind == DatabaseKind.Sqlite
            ? $"WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < {n - 1}) {insert} SELECT {select} FROM n"
            : $"{insert} SELECT {select} FROM generate_series(0, {n - 1}) AS n(i)";
        string[] statements =
        [
            Series(500, "INSERT INTO stores (id, name, time_zone, corporate_id, created_at_ms, updated_at_ms)",
                "'store-' || i, 'Store ' || ((i * 37) % 500), 'UTC', 'corp-' || (i % 50), 0, 0"),
            Series(20_000, "INSERT INTO terminals (id, store_id, kind, serial_number, cert_not_after_ms, created_at_ms, updated_at_ms)",
                $"'t' || i, 'store-' || (i / 40), CASE WHEN i % 3 = 0 THEN 'pax' ELSE 'android' END, 'SN' || ((i * 7919) % 20000), "
                + $"CASE WHEN i % 5 = 0 THEN {Now} + i * 1000 ELSE NULL END, 0, 0"),
            Series(20_000, "INSERT INTO terminal_presence (id, kind, last_seen_ms)",
                $"'t' || i, CASE WHEN i % 3 = 0 THEN 'pax' ELSE 'android' END, "
                + $"CASE WHEN i % 4 = 0 THEN -1 WHEN i % 4 = 1 THEN 1000 + i ELSE {Now} - i END"),
            Series(5_000, "INSERT INTO pos (id, pos_id, store_id, name, cert_serial, cert_not_after_ms, licence_state, licence_valid_to_ms, created_at_ms, updated_at_ms)",
                $"'p' || i, 'p' || (i % 1000), 'store-' || (i / 10), 'Till', CASE WHEN i % 2 = 0 THEN 'c' || i ELSE NULL END, "
                + $"CASE WHEN i % 2 = 0 THEN {Now} + i * 1000 ELSE NULL END, "
                + "CASE i % 5 WHEN 0 THEN 'approved' WHEN 1 THEN 'pending' WHEN 2 THEN 'revoked' WHEN 3 THEN 'rejected' ELSE NULL END, "
                + $"{Now} + (CAST(i AS BIGINT) - 1000) * 1000000, 0, 0"),
            Series(5_000, "INSERT INTO certificates (id, pos_id, terminal_id, store_id, kind, not_before_ms, not_after_ms, issued_at_ms, revoked_at_ms)",
                $"'c' || i, 'p' || (i % 100), 't' || (i % 100), 'store-' || (i / 10), 'android', 0, {Now} + (i - 2500) * 100000, i, "
                + "CASE WHEN i % 10 = 0 THEN i ELSE NULL END"),
            Series(5_000, "INSERT INTO activations (id, cash_register_name, device_id, corporate_id, application_package, pos_id, approval, "
                + "valid_from_ms, valid_to_ms, key_issued_at_ms, created_at_ms, updated_at_ms)",
                "'A' || i, 'Till', 'dev', 'corp-' || (i % 50), 'com.example', 'p' || (i % 100), "
                + "CASE i % 4 WHEN 0 THEN 'pending' WHEN 1 THEN 'approved' WHEN 2 THEN 'rejected' ELSE 'revoked' END, "
                + $"{Now} - 1000000000 + (i % 7) * 300000000, {Now} + (CAST(i AS BIGINT) - 1000) * 1000000, 0, i, i"),
            Series(5_000, "INSERT INTO audit_events (id, at_ms, actor, actor_kind, action, target_type, target_id)",
                "'0000' || (10000 + i), i, 'user:u' || (i % 500), 'user', "
                + "CASE i % 3 WHEN 0 THEN 'store.upserted' WHEN 1 THEN 'terminal.upserted' ELSE 'activation.approved' END, "
                + "CASE WHEN i % 2 = 0 THEN 'store' ELSE 'terminal' END, 'store-' || (i % 500)"),
            Series(200, "INSERT INTO api_keys (id, name, role, created_at_ms)", "'k' || i, 'key', 'viewer', i"),
            Series(200, "INSERT INTO dashboard_users (id, role, created_at_ms, updated_at_ms)", "'u' || i, 'viewer', i, i"),
        ];
        await using var connection = await database.OpenAsync();
        foreach (var sql in statements) await ExecuteAsync(connection, sql);
        // Production PostgreSQL has statistics (autovacuum analyzes); give the planner the same.
        if (kind == DatabaseKind.Postgres) await ExecuteAsync(connection, "ANALYZE");
    }

    private static async Task ExecuteAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}
