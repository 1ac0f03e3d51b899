using System.Data.Common;
using Fleet.Storage;
using Npgsql;

namespace Fleet.Server.Hosting;

/// <summary>Chooses the database by storage mode: SQLite under the data directory, or the
/// PostgreSQL named by <c>ConnectionStrings:Fleet</c>.</summary>
public static class FleetDatabases
{
    public static FleetDatabase Create(FleetOptions fleet, IConfiguration configuration)
    {
        if (fleet.Storage != StorageMode.Postgres)
            return FleetDatabase.Sqlite(Path.Combine(Path.GetFullPath(fleet.DataDirectory), "fleet.db"));

        var connectionString = configuration.GetConnectionString("Fleet")
            ?? throw new InvalidOperationException("Fleet:Storage is Postgres but ConnectionStrings:Fleet is not set.");
        // Orleans' ADO.NET clustering finds its provider by invariant name.
        DbProviderFactories.RegisterFactory("Npgsql", NpgsqlFactory.Instance);
        return FleetDatabase.Postgres(connectionString);
    }
}
