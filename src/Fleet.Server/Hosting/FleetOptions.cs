namespace Fleet.Server.Hosting;

/// <summary>Where Fleet keeps its state (section <c>Fleet</c>).</summary>
public sealed class FleetOptions
{
    public const string Section = "Fleet";

    /// <summary>SQLite database and generated key files for the embedded default.</summary>
    public string DataDirectory { get; set; } = "./data";

    /// <summary><c>Sqlite</c> (embedded, one silo) or <c>Postgres</c> (a cluster of silos).</summary>
    public StorageMode Storage { get; set; } = StorageMode.Sqlite;
}
