namespace Fleet.Storage;

/// <summary>
/// One read-model row: <paramref name="Table"/> has a primary key column <c>id</c> holding <paramref name="Id"/>.
/// Table and column names must match <c>^[a-z_][a-z0-9_]{0,62}$</c>. Values may be string, long, int, double,
/// bool (stored as 0/1) or null; timestamps are unix-milliseconds longs. <paramref name="Columns"/> == null
/// means "delete the row". <paramref name="Freshness"/>, when given, keeps columns another writer moves
/// ahead from going back (see <see cref="ReadModelFreshness"/>).
/// </summary>
public sealed record ReadModelRow(
    string Table, string Id, IReadOnlyDictionary<string, object?>? Columns, ReadModelFreshness? Freshness = null)
{
    /// <summary>Rows of other tables written (or deleted) after this one, in the same transaction: how
    /// one state keeps a hot part of its projection in a narrow table of its own (a terminal's presence).</summary>
    public IReadOnlyList<ReadModelRow> Companions { get; init; } = [];

    /// <summary>This row, then its companions.</summary>
    public IEnumerable<ReadModelRow> All() => Companions.Count == 0 ? [this] : Companions.Prepend(this);
}
