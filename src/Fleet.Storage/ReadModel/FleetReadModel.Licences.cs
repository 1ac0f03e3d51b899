using Fleet.Licences;

namespace Fleet.Storage.ReadModel;

/// <summary>srv4pos activations: the headquarters list, the licence health counts and the
/// corporate-id check made at activation.</summary>
public sealed partial class FleetReadModel
{
    private static readonly Dictionary<string, string> ActivationSorts = new()
    {
        ["productionNumber"] = "id", ["validTo"] = "valid_to_ms", ["createdAt"] = "created_at_ms",
    };

    public static IReadOnlyCollection<string> ActivationSortNames => ActivationSorts.Keys;

    /// <summary>A page of activations. Each row's <c>UnknownCompany</c> (the fleet tracks corporate
    /// ids and no store declares this one, see <see cref="CorporateIdCheck"/>) is derived on read, so
    /// declaring the id later clears it: one query for the page's distinct corporate ids after the
    /// page's own, which stays a plain index walk.</summary>
    public async Task<Page<ActivationRow>> ListActivationsAsync(
        ActivationFilter filter, string? sort, int limit, string? cursor, DateTimeOffset now, CancellationToken ct = default)
    {
        var order = SortOrder.Parse(sort, ActivationSorts, "id")
            ?? throw new InvalidQueryException("sort",
                $"'sort' must be one of {string.Join(", ", ActivationSorts.Keys)} (prefix '-' for descending).");
        var query = new KeysetQuery("activations",
            "id, cash_register_name, device_id, corporate_id, application_package, pos_id, approval, valid_from_ms, "
            + "valid_to_ms, key_issued_at_ms, decided_at_ms, created_at_ms, updated_at_ms", order);
        if (filter.Status is { } status) LicenceConditions.Apply(query, status, "approval", "valid_from_ms", "valid_to_ms", now);
        if (filter.CorporateId is not null) query.Where("corporate_id = @corporate", ("corporate", filter.CorporateId));
        if (filter.PosId is not null) query.Where("pos_id = @pos", ("pos", filter.PosId));

        var page = await query.ReadAsync(database, CheckLimit(limit), cursor, r => new ActivationRow(
                r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetNullableString(5),
                r.GetString(6), FromMs(r.GetInt64Any(7)), FromMs(r.GetInt64Any(8)), FromMs(r.GetInt64Any(9)),
                r.GetNullableTime(10), FromMs(r.GetInt64Any(11)), FromMs(r.GetInt64Any(12))),
            a => (order.Column switch
            {
                "valid_to_ms" => a.ValidTo.ToUnixTimeMilliseconds(),
                "created_at_ms" => a.CreatedAt.ToUnixTimeMilliseconds(),
                _ => (object)a.ProductionNumber,
            }, a.ProductionNumber), ct, QueryBuilt);
        if (page.Items.Count == 0) return page;
        var unknown = await UnknownCorporateIdsAsync(page.Items.Select(a => a.CorporateId).Distinct(StringComparer.Ordinal).ToList(), ct);
        return page with { Items = page.Items.Select(a => unknown.Contains(a.CorporateId) ? a with { UnknownCompany = true } : a).ToList() };
    }

    /// <summary>Those of <paramref name="corporateIds"/> no store declares, when any store declares
    /// one (a fleet that never uses corporate ids knows none of them and flags nothing).</summary>
    private async Task<HashSet<string>> UnknownCorporateIdsAsync(IReadOnlyList<string> corporateIds, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        var names = corporateIds.Select((_, i) => "@c" + i).ToList();
        command.CommandText =
            "SELECT corporate_id FROM (SELECT corporate_id FROM stores WHERE corporate_id IS NOT NULL LIMIT 1) a "
            + "UNION ALL SELECT DISTINCT corporate_id FROM stores WHERE corporate_id IN (" + string.Join(", ", names) + ")";
        for (var i = 0; i < corporateIds.Count; i++) command.AddParameter("c" + i, corporateIds[i]);
        var declared = new HashSet<string>(StringComparer.Ordinal);
        var any = false;
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            any = true;
            declared.Add(reader.GetString(0));
        }
        return any ? corporateIds.Where(id => !declared.Contains(id)).ToHashSet(StringComparer.Ordinal) : [];
    }

    /// <summary>Every activation by derived status, in one aggregate pass.</summary>
    public async Task<LicenceCounts> GetLicenceCountsAsync(DateTimeOffset now, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        await using var command = Command(connection,
            "SELECT COUNT(*), "
            + "SUM(CASE WHEN approval = 'pending' AND valid_to_ms > @now THEN 1 ELSE 0 END), "
            + "SUM(CASE WHEN approval = 'approved' AND valid_to_ms > @now AND valid_from_ms <= @now THEN 1 ELSE 0 END), "
            + "SUM(CASE WHEN approval = 'approved' AND valid_to_ms > @now AND valid_from_ms <= @now AND valid_to_ms <= @soon THEN 1 ELSE 0 END), "
            + "SUM(CASE WHEN approval = 'approved' AND valid_to_ms > @now AND valid_from_ms > @now THEN 1 ELSE 0 END), "
            + "SUM(CASE WHEN approval IN ('pending', 'approved') AND valid_to_ms <= @now THEN 1 ELSE 0 END), "
            + "SUM(CASE WHEN approval = 'rejected' THEN 1 ELSE 0 END), "
            + "SUM(CASE WHEN approval = 'revoked' THEN 1 ELSE 0 END) "
            + "FROM activations",
            ("now", now.ToUnixTimeMilliseconds()),
            ("soon", (now + LicenceStatusRules.ExpiringSoonWindow).ToUnixTimeMilliseconds()));
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        // SUM over no rows is NULL in both dialects.
        int At(int i) => (int)(reader.GetNullableInt64(i) ?? 0);
        return new LicenceCounts(At(0), At(1), At(2), At(3), At(4), At(5), At(6), At(7));
    }

    /// <summary>Two index seeks on <c>stores.corporate_id</c>.</summary>
    public async Task<CorporateIdCheck> CheckCorporateIdAsync(string corporateId, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        await using var command = Command(connection,
            "SELECT (SELECT COUNT(*) FROM (SELECT 1 AS x FROM stores WHERE corporate_id IS NOT NULL LIMIT 1) a), "
            + "(SELECT COUNT(*) FROM (SELECT 1 AS x FROM stores WHERE corporate_id = @corporate LIMIT 1) k)",
            ("corporate", corporateId));
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        return new CorporateIdCheck(reader.GetInt64Any(0) > 0, reader.GetInt64Any(1) > 0);
    }
}
