namespace Fleet.Storage.ReadModel;

public sealed partial class FleetReadModel
{
    public Task<Page<DashboardUserRow>> ListDashboardUsersAsync(int limit, string? cursor, CancellationToken ct = default) =>
        new KeysetQuery("dashboard_users", "id, role, created_at_ms, updated_at_ms, last_sign_in_ms", new SortOrder("id", false))
            .ReadAsync(database, CheckLimit(limit), cursor, r => new DashboardUserRow(
                    r.GetString(0), r.GetString(1), FromMs(r.GetInt64Any(2)), FromMs(r.GetInt64Any(3)), r.GetNullableTime(4)),
                u => (u.UserName, u.UserName), ct, QueryBuilt);

    /// <summary>How many users hold a role: how the dashboard refuses to demote or delete the last admin.</summary>
    public async Task<int> CountDashboardUsersAsync(string role, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        await using var command = Command(connection, "SELECT COUNT(*) FROM dashboard_users WHERE role = @role", ("role", role));
        return Convert.ToInt32(await command.ExecuteScalarAsync(ct));
    }
}
