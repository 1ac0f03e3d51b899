namespace Fleet.Storage;

/// <summary>
/// One read-model row: <paramref name="Table"/> has a primary key column <c>id</c> holding <paramref name="Id"/>.
/// Table and column names must match <c>^[a-z_][a-z0-9_]{0,62}$</c>. Values may be string, long, int, double,
/// bool (stored as 0/1) or null; timestamps are unix-milliseconds longs. <paramref name="Columns"/> == null
/// means "delete the row". <paramref name="Freshness"/>, when given, keeps columns another writer moves
/// ahead from going back (see <see cref="ReadModelFreshness"/>).
/// </summary>
public sealed record ReadModelRow(
    string Table, string Id, IReadOnlyDictionary<string, object?>? Columns, ReadModelFreshness? Freshness = null);
