using System.Data.Common;
using System.Reflection;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Fleet.Storage;

/// <summary>
/// Where Fleet keeps its state: one SQLite file (single node) or one PostgreSQL database (cluster).
/// Hands out open connections configured for durability and applies the embedded schema scripts.
/// </summary>
public sealed class FleetDatabase
{
    // Arbitrary but fixed: every silo applying the schema takes the same PostgreSQL advisory lock.
    private const long SchemaLockKey = 0x466C6565745343; // "FleetSC"

    private readonly string _connectionString;

    /// <summary>What the SQLite WAL file is cut back to once a checkpoint has emptied it.</summary>
    internal const long WalSizeLimitBytes = 64L * 1024 * 1024;

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<SQLitePCL.sqlite3, object> ConfiguredHandles = new();
    private static readonly object Configured = new();

    private FleetDatabase(DatabaseKind kind, string connectionString)
    {
        Kind = kind;
        _connectionString = connectionString;
        Dialect = kind == DatabaseKind.Sqlite ? SqliteDialect.Instance : PostgresDialect.Instance;
    }

    public DatabaseKind Kind { get; }

    internal ISqlDialect Dialect { get; }

    /// <summary>A SQLite database in <paramref name="filePath"/>; the directory is created if missing.</summary>
    public static FleetDatabase Sqlite(string filePath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(filePath);
        var fullPath = Path.GetFullPath(filePath);
        Directory.CreateDirectory(Path.GetDirectoryName(fullPath)!);
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = fullPath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = 30,
        };
        return new FleetDatabase(DatabaseKind.Sqlite, builder.ToString());
    }

    /// <summary>A PostgreSQL database reached through an Npgsql connection string.</summary>
    public static FleetDatabase Postgres(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        // Parse now so a malformed string fails at configuration time, not on the first grain write.
        _ = new NpgsqlConnectionStringBuilder(connectionString);
        return new FleetDatabase(DatabaseKind.Postgres, connectionString);
    }

    /// <summary>
    /// An open connection. On SQLite every connection gets WAL, a busy timeout, <c>synchronous=FULL</c>
    /// (a committed write survives power loss, so nothing acknowledged is ever lost), foreign keys
    /// and a limit on the size the WAL file keeps.
    /// </summary>
    public async Task<DbConnection> OpenAsync(CancellationToken ct = default)
    {
        if (Kind == DatabaseKind.Postgres)
        {
            var pg = new NpgsqlConnection(_connectionString);
            try
            {
                await pg.OpenAsync(ct);
                return pg;
            }
            catch
            {
                await pg.DisposeAsync();
                throw;
            }
        }

        var sqlite = new SqliteConnection(_connectionString);
        try
        {
            await sqlite.OpenAsync(ct);
            // The settings belong to the native connection, which the pool hands out again and again:
            // set them once per native connection, not on every open (every grain read opens one).
            if (!ConfiguredHandles.TryGetValue(sqlite.Handle!, out _))
            {
                await using var pragmas = sqlite.CreateCommand();
                // journal_size_limit: the WAL file is reused from its start after each checkpoint but
                // never shrinks by itself; a big import or a first-report burst left it at 2.2 GB.
                pragmas.CommandText =
                    "PRAGMA journal_mode=WAL; PRAGMA busy_timeout=10000; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; " +
                    $"PRAGMA journal_size_limit={WalSizeLimitBytes};";
                await pragmas.ExecuteNonQueryAsync(ct);
                ConfiguredHandles.AddOrUpdate(sqlite.Handle!, Configured);
            }
            return sqlite;
        }
        catch
        {
            await sqlite.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Applies every embedded script for this dialect (<c>infra/{sqlite|postgres}/*.sql</c>) in file-name
    /// order. Scripts are idempotent, so this runs at every start. On PostgreSQL it holds an advisory lock
    /// so silos starting together don't race on <c>CREATE … IF NOT EXISTS</c>.
    /// </summary>
    public async Task EnsureSchemaAsync(CancellationToken ct = default)
    {
        var scripts = SchemaScripts(Kind);
        await using var connection = await OpenAsync(ct);
        if (Kind == DatabaseKind.Postgres)
        {
            await ExecuteAsync(connection, null, $"SELECT pg_advisory_lock({SchemaLockKey})", ct);
            try
            {
                await ApplyAsync(connection, scripts, ct);
            }
            finally
            {
                // Unlock with a fresh token: a cancelled start-up must not leave the lock held on a pooled connection.
                await ExecuteAsync(connection, null, $"SELECT pg_advisory_unlock({SchemaLockKey})", CancellationToken.None);
            }
        }
        else
        {
            await ApplyAsync(connection, scripts, ct);
        }
    }

    /// <summary>The embedded scripts for a dialect, as (file name, text), in the order they are applied.</summary>
    internal static IReadOnlyList<(string Name, string Sql)> SchemaScripts(DatabaseKind kind)
    {
        var assembly = typeof(FleetDatabase).Assembly;
        var prefix = $"Fleet.Storage.Schema.{(kind == DatabaseKind.Sqlite ? "sqlite" : "postgres")}.";
        return assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Select(n => n[prefix.Length..])
            .Order(StringComparer.Ordinal)
            .Select(name => (name, ReadResource(assembly, prefix + name)))
            .ToList();
    }

    private static string ReadResource(Assembly assembly, string resourceName)
    {
        using var stream = assembly.GetManifestResourceStream(resourceName)
            ?? throw new InvalidOperationException($"Embedded schema script '{resourceName}' not found.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>Scripts named <c>*.once.sql</c> run once per database (recorded in <c>schema_migrations</c>
    /// in the same transaction): how a change that cannot be written idempotently (SQLite has no
    /// <c>ADD COLUMN IF NOT EXISTS</c>; a key rewrite must not run twice) is applied.</summary>
    internal const string OnceSuffix = ".once.sql";

    private static async Task ApplyAsync(DbConnection connection, IReadOnlyList<(string Name, string Sql)> scripts, CancellationToken ct)
    {
        await ExecuteAsync(connection, null,
            "CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT NOT NULL PRIMARY KEY, applied_at_ms BIGINT NOT NULL)", ct);
        foreach (var (name, sql) in scripts)
        {
            // One transaction per script: a script that fails half-way leaves nothing behind.
            await using var tx = await connection.BeginTransactionAsync(ct);
            try
            {
                var once = name.EndsWith(OnceSuffix, StringComparison.Ordinal);
                if (once && await IsAppliedAsync(connection, tx, name, ct)) continue;
                await ExecuteAsync(connection, tx, sql, ct);
                if (once) await RecordAppliedAsync(connection, tx, name, ct);
                await tx.CommitAsync(ct);
            }
            catch (DbException ex)
            {
                throw new InvalidOperationException($"Schema script '{name}' failed: {ex.Message}", ex);
            }
        }
    }

    private static async Task<bool> IsAppliedAsync(DbConnection connection, DbTransaction tx, string name, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = "SELECT COUNT(*) FROM schema_migrations WHERE name = @name";
        AddText(command, "name", name);
        return Convert.ToInt64(await command.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture) > 0;
    }

    private static async Task RecordAppliedAsync(DbConnection connection, DbTransaction tx, string name, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = "INSERT INTO schema_migrations (name, applied_at_ms) VALUES (@name, @at)";
        AddText(command, "name", name);
        var at = command.CreateParameter();
        at.ParameterName = "at";
        at.Value = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        command.Parameters.Add(at);
        await command.ExecuteNonQueryAsync(ct);
    }

    private static void AddText(DbCommand command, string name, string value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction? tx, string sql, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(ct);
    }
}
