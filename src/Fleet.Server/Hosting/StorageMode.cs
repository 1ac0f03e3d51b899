namespace Fleet.Server.Hosting;

public enum StorageMode
{
    /// <summary>One process: Orleans localhost clustering, grain state in SQLite under the data directory.</summary>
    Sqlite,

    /// <summary>Several silos: Orleans ADO.NET clustering and grain state in PostgreSQL (<c>ConnectionStrings:Fleet</c>).</summary>
    Postgres,
}
