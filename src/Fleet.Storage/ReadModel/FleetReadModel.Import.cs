namespace Fleet.Storage.ReadModel;

public sealed partial class FleetReadModel
{
    /// <summary>Import jobs accepted but not completed (at most a handful: imports are rare).</summary>
    public async Task<IReadOnlyList<string>> UnfinishedImportJobIdsAsync(CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT id FROM import_jobs WHERE status = 'applying' ORDER BY started_at_ms LIMIT 1000";
        var ids = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) ids.Add(reader.GetString(0));
        return ids;
    }
}
