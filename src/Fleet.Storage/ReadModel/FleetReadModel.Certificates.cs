namespace Fleet.Storage.ReadModel;

public sealed partial class FleetReadModel
{
    /// <summary>Every revoked certificate that has not expired yet: the CRL's entries, ordered by
    /// serial. Expired ones drop off, as RFC 5280 allows, so the CRL does not grow forever. Read in
    /// keyset pages of <paramref name="pageSize"/> (index <c>ix_certificates_revoked_id</c>), each on
    /// its own short query, so a CRL of 100k entries holds no connection or snapshot open for its
    /// whole read.</summary>
    public async IAsyncEnumerable<RevokedCertificateRow> StreamRevokedCertificatesAsync(
        DateTimeOffset now, int pageSize, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        var after = "";
        while (true)
        {
            var page = new List<RevokedCertificateRow>(Math.Min(pageSize, 1024));
            await using (var connection = await database.OpenAsync(ct))
            await using (var command = Command(connection,
                "SELECT id, revoked_at_ms, revocation_reason FROM certificates "
                + "WHERE revoked_at_ms IS NOT NULL AND id > @after AND not_after_ms > @now ORDER BY id LIMIT @limit",
                ("after", after), ("now", now.ToUnixTimeMilliseconds()), ("limit", pageSize)))
            await using (var reader = await command.ExecuteReaderAsync(ct))
            {
                while (await reader.ReadAsync(ct))
                    page.Add(new RevokedCertificateRow(reader.GetString(0), FromMs(reader.GetInt64Any(1)),
                        (int)(reader.GetNullableInt64(2) ?? 0)));
            }

            foreach (var row in page) yield return row;
            if (page.Count < pageSize) yield break;
            after = page[^1].SerialNumber;
        }
    }

    /// <summary>Whether any certificate was revoked at or after <paramref name="since"/>: how a new
    /// activation of the CRL grain tells whether a revocation may be missing from the CRL it holds.
    /// Reads the revoked certificates' partial index (<c>ix_certificates_revoked_id</c>) once.</summary>
    public async Task<bool> AnyRevokedSinceAsync(DateTimeOffset since, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        await using var command = Command(connection,
            "SELECT COUNT(*) FROM certificates WHERE revoked_at_ms IS NOT NULL AND revoked_at_ms >= @since",
            ("since", since.ToUnixTimeMilliseconds()));
        return Convert.ToInt64(await command.ExecuteScalarAsync(ct)) > 0;
    }

    public async Task<CertificateCounts> GetCertificateCountsAsync(DateTimeOffset now, TimeSpan expiringWithin, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        await using var command = Command(connection,
            "SELECT "
            + "SUM(CASE WHEN revoked_at_ms IS NULL AND not_after_ms > @now THEN 1 ELSE 0 END), "
            + "SUM(CASE WHEN revoked_at_ms IS NULL AND not_after_ms > @now AND not_after_ms <= @soon THEN 1 ELSE 0 END), "
            + "SUM(CASE WHEN revoked_at_ms IS NOT NULL AND not_after_ms > @now THEN 1 ELSE 0 END) "
            + "FROM certificates",
            ("now", now.ToUnixTimeMilliseconds()), ("soon", (now + expiringWithin).ToUnixTimeMilliseconds()));
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        return new CertificateCounts(
            (int)(reader.GetNullableInt64(0) ?? 0), (int)(reader.GetNullableInt64(1) ?? 0), (int)(reader.GetNullableInt64(2) ?? 0));
    }

    public Task<Page<CertificateRow>> ListCertificatesAsync(
        CertificateFilter filter, DateTimeOffset now, int limit, string? cursor, CancellationToken ct = default)
    {
        var query = new KeysetQuery("certificates",
            "id, pos_id, terminal_id, store_id, kind, not_before_ms, not_after_ms, issued_at_ms, revoked_at_ms, revocation_reason, predecessor_serial, successor_serial",
            new SortOrder("id", false));
        if (filter.PosId is not null) query.Where("pos_id = @pos", ("pos", filter.PosId));
        if (filter.TerminalId is not null) query.Where("terminal_id = @terminal", ("terminal", filter.TerminalId));
        if (filter.StoreId is not null) query.Where("store_id = @store", ("store", filter.StoreId));
        var nowMs = now.ToUnixTimeMilliseconds();
        switch (filter.Status)
        {
            case null: break;
            case "active": query.Where("revoked_at_ms IS NULL AND not_after_ms > @now", ("now", nowMs)); break;
            case "revoked": query.Where("revoked_at_ms IS NOT NULL"); break;
            case "expired": query.Where("revoked_at_ms IS NULL AND not_after_ms <= @now", ("now", nowMs)); break;
            default: throw new InvalidQueryException("status", "'status' must be one of active, revoked, expired.");
        }

        return query.ReadAsync(database, CheckLimit(limit), cursor, r => new CertificateRow(
                r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4),
                FromMs(r.GetInt64Any(5)), FromMs(r.GetInt64Any(6)), FromMs(r.GetInt64Any(7)),
                r.GetNullableTime(8), (int?)r.GetNullableInt64(9), r.GetNullableString(10), r.GetNullableString(11)),
            c => (c.SerialNumber, c.SerialNumber), ct, QueryBuilt);
    }
}
