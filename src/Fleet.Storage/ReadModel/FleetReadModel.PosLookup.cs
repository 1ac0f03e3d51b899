namespace Fleet.Storage.ReadModel;

public sealed partial class FleetReadModel
{
    /// <summary>At most this many candidates are returned: enough to name them in a 409.</summary>
    public const int MaxPosCandidates = 20;

    /// <summary>The POS a single reference may mean: those whose Fleet id or whose posId is one of
    /// <paramref name="references"/> (several stores may each have a till "1"). Seeks
    /// <c>pos.id</c> and <c>ix_pos_pos_id</c>.</summary>
    public async Task<IReadOnlyList<PosCandidate>> FindPosAsync(IReadOnlyCollection<string> references, CancellationToken ct = default)
    {
        var found = new Dictionary<string, PosCandidate>(StringComparer.Ordinal);
        if (references.Count == 0) return [];
        var list = references.Distinct(StringComparer.Ordinal).Take(4).ToArray();
        var names = string.Join(", ", list.Select((_, i) => "@r" + i));
        await using var connection = await database.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText =
            $"SELECT id, store_id, pos_id FROM pos WHERE id IN ({names}) "
            + $"UNION SELECT id, store_id, pos_id FROM pos WHERE pos_id IN ({names}) ORDER BY 1 LIMIT {MaxPosCandidates}";
        for (var i = 0; i < list.Length; i++) command.AddParameter("r" + i, list[i]);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            found[reader.GetString(0)] = new PosCandidate(reader.GetString(0), reader.GetString(1), reader.GetNullableString(2) ?? reader.GetString(0));
        return found.Values.ToArray();
    }
}
