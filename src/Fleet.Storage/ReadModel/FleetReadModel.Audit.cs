using System.Globalization;

namespace Fleet.Storage.ReadModel;

public sealed partial class FleetReadModel
{
    private const int MaxAuditFilterLength = 200;

    /// <summary>Appends one audit event: a single INSERT. An api-key actor's display name is taken
    /// from <c>api_keys</c> in the same statement, so the caller needs no lookup.</summary>
    public async Task AppendAuditEventAsync(AuditEventRow row, string? apiKeyId, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        await using var command = Command(connection,
            "INSERT INTO audit_events (id, at_ms, actor, actor_kind, actor_name, client_address, action, target_type, target_id, detail) "
            + "VALUES (@id, @at, @actor, @kind, COALESCE(@name, (SELECT k.name || ' (' || k.role || ')' FROM api_keys k WHERE k.id = @key)), "
            + "@address, @action, @target_type, @target_id, @detail)",
            ("id", row.Id), ("at", row.At.ToUnixTimeMilliseconds()), ("actor", row.Actor), ("kind", row.ActorKind),
            ("name", row.ActorName), ("key", apiKeyId), ("address", row.ClientAddress), ("action", row.Action),
            ("target_type", row.TargetType), ("target_id", row.TargetId), ("detail", row.Detail));
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>The audit trail newest first, keyset-paged over the time-sortable id. The time
    /// filters become id ranges (the id starts with the event's unix ms in hex), so every filter is
    /// an index range scan however long the trail grows.</summary>
    public Task<Page<AuditEventRow>> ListAuditEventsAsync(AuditFilter filter, int limit, string? cursor, CancellationToken ct = default)
    {
        var query = new KeysetQuery("audit_events",
            "id, at_ms, actor, actor_kind, actor_name, client_address, action, target_type, target_id, detail",
            new SortOrder("id", true));
        if (filter.Actor is { } actor) query.Where("actor = @actor", ("actor", CheckText("actor", actor)));
        if (filter.ActionPrefix is { } prefix)
        {
            if (prefix.Length is 0 or > 100 || !prefix.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '.' or '-'))
                throw new InvalidQueryException("action", "'action' must be an action or its beginning: lower-case letters, digits, '.' and '-'.");
            // A prefix as a range (the same rows as LIKE 'prefix%' for these characters, compared
            // byte-wise in both dialects), so it is a seek on ix_audit_events_action: SQLite's
            // case-insensitive LIKE cannot use an index.
            query.Where("action >= @action_from AND action < @action_to",
                ("action_from", prefix), ("action_to", prefix[..^1] + (char)(prefix[^1] + 1)));
        }
        if (filter.TargetType is { } type) query.Where("target_type = @target_type", ("target_type", CheckText("targetType", type)));
        if (filter.TargetId is { } target) query.Where("target_id = @target_id", ("target_id", CheckText("targetId", target)));
        if (filter.From is { } from) query.Where("id >= @from_id", ("from_id", AuditTimePrefix(from)));
        if (filter.To is { } to) query.Where("id < @to_id", ("to_id", AuditTimePrefix(to)));
        return query.ReadAsync(database, CheckLimit(limit), cursor, r => new AuditEventRow(
                r.GetString(0), FromMs(r.GetInt64Any(1)), r.GetString(2), r.GetString(3), r.GetNullableString(4),
                r.GetNullableString(5), r.GetString(6), r.GetString(7), r.GetNullableString(8), r.GetNullableString(9)),
            e => (e.Id, e.Id), ct, QueryBuilt);
    }

    /// <summary>The first 12 characters of every audit id written at <paramref name="at"/>: its unix
    /// milliseconds as zero-padded lower-case hex, which sorts like the time itself.</summary>
    public static string AuditTimePrefix(DateTimeOffset at) =>
        Math.Max(0, at.ToUnixTimeMilliseconds()).ToString("x12", CultureInfo.InvariantCulture);

    private static string CheckText(string parameter, string value) =>
        value.Length is > 0 and <= MaxAuditFilterLength
            ? value
            : throw new InvalidQueryException(parameter, $"'{parameter}' must be 1 to {MaxAuditFilterLength} characters.");
}
