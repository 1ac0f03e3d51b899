using System.Data.Common;

namespace Fleet.Storage;

/// <summary>Everything that differs between SQLite and PostgreSQL for the grain storage; nothing else does.</summary>
internal interface ISqlDialect
{
    /// <summary>The marker for a named parameter in SQL text, e.g. <c>@etag</c>.</summary>
    string Parameter(string name);

    /// <summary>A parameter as <see cref="AddParameter"/> would add it, for commands of a <see cref="DbBatch"/>.</summary>
    DbParameter CreateParameter(string name, object? value);

    /// <summary>Adds a parameter; <c>byte[]</c> goes as BLOB / bytea, bool as integer 0/1, null as SQL NULL.</summary>
    void AddParameter(DbCommand command, string name, object? value);

    /// <summary>
    /// <c>INSERT … ON CONFLICT (id) DO UPDATE SET …</c> for an already validated table and column list;
    /// parameters are <c>p_id</c> and <c>p0..pn</c> in column order.
    /// </summary>
    string UpsertById(string table, IReadOnlyList<string> columns, ReadModelFreshness? freshness = null);

    /// <summary>True when the exception is a primary-key / unique-constraint violation.</summary>
    bool IsUniqueViolation(DbException exception);

    /// <summary>Moves terminals' <c>terminal_presence.last_seen_ms</c> (and battery) forward in the read model, never back:
    /// a row whose stored time is newer, or that no longer exists, is left alone.</summary>
    Task WritePresenceAsync(DbConnection connection, DbTransaction tx, IReadOnlyList<Presence.PresenceUpdate> updates, CancellationToken ct);

    /// <summary>Begins a transaction whose commit returns before it reaches the disk (SQLite: WAL with
    /// <c>synchronous=NORMAL</c>, which a process crash does not lose, only an OS crash; PostgreSQL:
    /// <c>synchronous_commit = off</c> for this transaction). <see cref="EndLazyCommitAsync"/> must follow.</summary>
    Task<DbTransaction> BeginLazyCommitAsync(DbConnection connection, CancellationToken ct);

    /// <summary>Restores the connection after a lazy-commit transaction, committed or not.</summary>
    Task EndLazyCommitAsync(DbConnection connection, CancellationToken ct);

    /// <summary>Records each check whose terminal row matches it (see <see cref="Presence.PresenceCheck"/>)
    /// and answers, per check, whether it was recorded. Terminal ids in one call are distinct.</summary>
    Task<bool[]> ConfirmPresenceAsync(DbConnection connection, DbTransaction tx, IReadOnlyList<Presence.PresenceCheck> checks, CancellationToken ct);
}
