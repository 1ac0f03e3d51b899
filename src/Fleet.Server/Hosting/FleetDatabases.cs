using System.Data.Common;
using Fleet.Storage;
using Npgsql;

namespace Fleet.Server.Hosting;

/// <summary>Chooses the database by storage mode: SQLite under the data directory, or the
/// PostgreSQL named by <c>ConnectionStrings:Fleet</c>.</summary>
public static class FleetDatabases
{
    /// <param name="tightened">Data-directory paths whose modes were narrowed (SQLite mode), to log.</param>
    public static FleetDatabase Create(FleetOptions fleet, IConfiguration configuration, out IReadOnlyList<string> tightened)
    {
        tightened = [];
        if (fleet.Storage != StorageMode.Postgres)
        {
            var directory = Path.GetFullPath(fleet.DataDirectory);
            var file = Path.Combine(directory, "fleet.db");
            tightened = DataDirectoryPermissions.Secure(directory, file);
            return FleetDatabase.Sqlite(file);
        }

        var connectionString = configuration.GetConnectionString("Fleet")
            ?? throw new InvalidOperationException("Fleet:Storage is Postgres but ConnectionStrings:Fleet is not set.");
        // Orleans' ADO.NET clustering finds its provider by invariant name.
        DbProviderFactories.RegisterFactory("Npgsql", NpgsqlFactory.Instance);
        return FleetDatabase.Postgres(connectionString);
    }
}
