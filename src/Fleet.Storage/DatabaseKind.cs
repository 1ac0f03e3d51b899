namespace Fleet.Storage;

/// <summary>The relational engines Fleet runs on: SQLite for a single node, PostgreSQL for a cluster.</summary>
public enum DatabaseKind
{
    Sqlite,
    Postgres,
}
