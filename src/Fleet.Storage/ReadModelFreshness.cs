namespace Fleet.Storage;

/// <summary>Columns of a read-model row that another writer may have moved ahead of the row's own
/// state: they take the written values only when <paramref name="OrderColumn"/>'s written value is
/// at least the stored one. Presence writes a terminal's last-seen time (and battery) without its
/// grain, so a later write of the grain's state must not move them back.</summary>
public sealed record ReadModelFreshness(string OrderColumn, IReadOnlyList<string> Dependents)
{
    public bool Governs(string column) => column == OrderColumn || Dependents.Contains(column);
}
