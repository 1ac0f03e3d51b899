namespace Fleet.Storage.ReadModel;

public sealed partial class FleetReadModel
{
    /// <summary>The most recently issued certificates, newest first (index <c>ix_certificates_issued</c>).</summary>
    public Task<IReadOnlyList<CertificateRow>> ListRecentlyIssuedCertificatesAsync(int limit, CancellationToken ct = default) =>
        ReadCertificatesAsync("ORDER BY issued_at_ms DESC, id DESC", limit, ct);

    /// <summary>The most recent revocations, newest first (index <c>ix_certificates_revoked</c>).</summary>
    public Task<IReadOnlyList<CertificateRow>> ListRecentlyRevokedCertificatesAsync(int limit, CancellationToken ct = default) =>
        ReadCertificatesAsync("WHERE revoked_at_ms IS NOT NULL ORDER BY revoked_at_ms DESC, id DESC", limit, ct);

    private async Task<IReadOnlyList<CertificateRow>> ReadCertificatesAsync(string tail, int limit, CancellationToken ct)
    {
        var rows = new List<CertificateRow>();
        await using var connection = await database.OpenAsync(ct);
        await using var command = Command(connection,
            "SELECT id, pos_id, terminal_id, store_id, kind, not_before_ms, not_after_ms, issued_at_ms, revoked_at_ms, revocation_reason, predecessor_serial, successor_serial "
            + "FROM certificates " + tail + " LIMIT @limit", ("limit", CheckLimit(limit)));
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            rows.Add(new CertificateRow(
                reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4),
                FromMs(reader.GetInt64Any(5)), FromMs(reader.GetInt64Any(6)), FromMs(reader.GetInt64Any(7)),
                reader.GetNullableTime(8), (int?)reader.GetNullableInt64(9), reader.GetNullableString(10), reader.GetNullableString(11)));
        return rows;
    }
}
