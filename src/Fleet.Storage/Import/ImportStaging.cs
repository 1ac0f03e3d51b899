using System.Data.Common;
using Fleet.Storage.ReadModel;
using Npgsql;
using NpgsqlTypes;

namespace Fleet.Storage.Import;

/// <summary>The <c>import_rows</c> staging table: an import's validated rows, written in chunks as
/// the document streams in, checked across rows with SQL (so no row set is ever held in memory),
/// read back chunk by chunk by the job that applies them, and deleted when the import is refused
/// or completes. Same SQL on SQLite and PostgreSQL.</summary>
public sealed class ImportStaging(FleetDatabase database)
{
    private const string Columns =
        "job_id, kind, seq, row_label, row_id, store_id, name, time_zone, corporate_id, "
        + "terminal_kind, serial_number, model, app_version, valid, staged_at_ms";
    private const int ColumnCount = 15;
    private const int DeleteBatch = 5_000;

    private const string StoreInImport =
        "EXISTS (SELECT 1 FROM import_rows s WHERE s.job_id = r.job_id AND s.kind = 0 AND s.row_id = r.store_id)";
    private const string StoreInFleet = "EXISTS (SELECT 1 FROM stores f WHERE f.id = r.store_id)";
    private const string MissingStore =
        $"r.kind IN (1, 2) AND r.store_id IS NOT NULL AND NOT {StoreInImport} AND NOT {StoreInFleet}";
    private const string EarlierTwin =
        "EXISTS (SELECT 1 FROM import_rows e WHERE e.job_id = r.job_id AND e.kind = r.kind AND e.row_id = r.row_id AND e.seq < r.seq)";

    /// <summary>Writes one chunk of rows in one transaction: on PostgreSQL as one binary COPY, on
    /// SQLite through one prepared single-row INSERT (SQLite binds parameters by a linear name
    /// search, so multi-row statements with hundreds of parameters are far slower there).
    /// Only a <paramref name="durable"/> write waits for the disk. Both databases write one log in
    /// commit order (SQLite's WAL, PostgreSQL's WAL), so flushing a later commit — the last chunk,
    /// or the job's record, which is always written after its rows — makes every chunk before it
    /// durable too: the chunks in between need not each wait for the disk.</summary>
    public async Task WriteAsync(string jobId, IReadOnlyList<StagedImportRow> rows, bool durable = true, CancellationToken ct = default)
    {
        if (rows.Count == 0) return;
        var stagedAt = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        await using var connection = await database.OpenAsync(ct);
        // Lazily committed rows are made durable by the job's record, written (durably) next; the
        // connection's settings are restored before it goes back to the pool.
        var dialect = database.Dialect;
        try
        {
            await using var tx = durable ? await connection.BeginTransactionAsync(ct) : await dialect.BeginLazyCommitAsync(connection, ct);
            if (connection is NpgsqlConnection pg)
            {
                await CopyAsync(pg, jobId, rows, stagedAt, ct);
                await tx.CommitAsync(ct);
                return;
            }
            await using var command = connection.CreateCommand();
            command.Transaction = tx;
            command.CommandText =
                $"INSERT INTO import_rows ({Columns}) VALUES ({string.Join(", ", Enumerable.Range(0, ColumnCount).Select(c => "@p" + c))})";
            for (var c = 0; c < ColumnCount; c++) command.AddParameter("p" + c, null);
            await command.PrepareAsync(ct);
            foreach (var row in rows)
            {
                var values = Values(jobId, row, stagedAt);
                for (var c = 0; c < ColumnCount; c++) command.Parameters[c].Value = values[c] ?? DBNull.Value;
                await command.ExecuteNonQueryAsync(ct);
            }
            await tx.CommitAsync(ct);
        }
        finally
        {
            if (!durable) await dialect.EndLazyCommitAsync(connection, CancellationToken.None);
        }
    }

    private static async Task CopyAsync(NpgsqlConnection connection, string jobId, IReadOnlyList<StagedImportRow> rows, long stagedAt, CancellationToken ct)
    {
        await using var copy = await connection.BeginBinaryImportAsync($"COPY import_rows ({Columns}) FROM STDIN (FORMAT BINARY)", ct);
        foreach (var row in rows)
        {
            await copy.StartRowAsync(ct);
            foreach (var value in Values(jobId, row, stagedAt))
            {
                switch (value)
                {
                    case null: await copy.WriteNullAsync(ct); break;
                    case string text: await copy.WriteAsync(text, NpgsqlDbType.Text, ct); break;
                    case int number: await copy.WriteAsync(number, NpgsqlDbType.Integer, ct); break;
                    case long number: await copy.WriteAsync(number, NpgsqlDbType.Bigint, ct); break;
                }
            }
        }
        await copy.CompleteAsync(ct);
    }

    /// <summary>A row's values in <see cref="Columns"/> order.</summary>
    private static object?[] Values(string jobId, StagedImportRow row, long stagedAt) =>
    [
        jobId, (int)row.Kind, row.Seq, row.Row, row.Id, row.StoreId, row.Name, row.TimeZone, row.CorporateId,
        row.TerminalKind, row.SerialNumber, row.Model, row.AppVersion, row.Valid ? 1 : 0, stagedAt,
    ];

    /// <summary>Cross-row checks over a fully staged import: ids that appear twice (per kind) and
    /// terminals or POS naming a store that is neither in the import nor in the fleet. Counts are
    /// exact; <paramref name="maxErrors"/> bounds the errors listed, first in document order.</summary>
    public async Task<StagingCheck> CheckAsync(string jobId, int maxErrors, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        // Cheap counts first (one index pass, one seek pair per device): the common case is clean.
        var duplicates = await ScalarAsync(connection, jobId,
            "SELECT COALESCE(SUM(n - 1), 0) FROM (SELECT COUNT(*) AS n FROM import_rows "
            + "WHERE job_id = @job GROUP BY kind, row_id HAVING COUNT(*) > 1) d", ct);
        var missing = await ScalarAsync(connection, jobId,
            $"SELECT COUNT(*) FROM import_rows r WHERE r.job_id = @job AND {MissingStore}", ct);
        if (duplicates == 0 && missing == 0) return new StagingCheck(0, 0, 0, []);

        var errors = new List<StagedRowError>();
        await using (var command = connection.CreateCommand())
        {
            command.CommandText =
                "SELECT r.seq, r.row_label, r.kind, r.row_id, "
                + "(SELECT e.row_label FROM import_rows e WHERE e.job_id = r.job_id AND e.kind = r.kind AND e.row_id = r.row_id ORDER BY e.seq LIMIT 1) "
                + $"FROM import_rows r WHERE r.job_id = @job AND {EarlierTwin} ORDER BY r.seq LIMIT @limit";
            command.AddParameter("job", jobId);
            command.AddParameter("limit", maxErrors);
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                var kind = (StagedRowKind)reader.GetInt64Any(2);
                var noun = kind.ToString().ToLowerInvariant();
                errors.Add(new StagedRowError(reader.GetInt64Any(0), reader.GetString(1), kind, reader.GetString(3), IdField(kind),
                    $"{noun} '{reader.GetString(3)}' appears twice in the import (first at {reader.GetString(4)})."));
            }
        }
        await using (var command = connection.CreateCommand())
        {
            command.CommandText =
                $"SELECT r.seq, r.row_label, r.kind, r.row_id, r.store_id FROM import_rows r WHERE r.job_id = @job AND {MissingStore} "
                + "ORDER BY r.seq LIMIT @limit";
            command.AddParameter("job", jobId);
            command.AddParameter("limit", maxErrors);
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                errors.Add(new StagedRowError(reader.GetInt64Any(0), reader.GetString(1), (StagedRowKind)reader.GetInt64Any(2),
                    reader.GetString(3), "storeId", $"Store '{reader.GetString(4)}' is neither in the import nor in the fleet."));
            }
        }
        // Rows whose only problems are cross-row ones: the rest were already counted while reading.
        var onlyCrossRow = await ScalarAsync(connection, jobId,
            $"SELECT COUNT(*) FROM import_rows r WHERE r.job_id = @job AND r.valid = 1 AND ({EarlierTwin} OR ({MissingStore}))", ct);
        errors.Sort((a, b) => a.Seq.CompareTo(b.Seq));
        return new StagingCheck(duplicates, missing, onlyCrossRow, errors.Take(maxErrors).ToArray());
    }

    /// <summary>Up to <paramref name="limit"/> rows of one kind after <paramref name="afterSeq"/>, in document order.</summary>
    public async Task<IReadOnlyList<StagedImportRow>> ReadAsync(
        string jobId, StagedRowKind kind, long afterSeq, int limit, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText =
            $"SELECT {Columns} FROM import_rows WHERE job_id = @job AND kind = @kind AND seq > @after ORDER BY seq LIMIT @limit";
        command.AddParameter("job", jobId);
        command.AddParameter("kind", (int)kind);
        command.AddParameter("after", afterSeq);
        command.AddParameter("limit", limit);
        var rows = new List<StagedImportRow>(limit);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            rows.Add(new StagedImportRow(
                reader.GetInt64Any(2), reader.GetString(3), (StagedRowKind)reader.GetInt64Any(1), reader.GetString(4),
                reader.GetNullableString(5), reader.GetNullableString(6), reader.GetNullableString(7), reader.GetNullableString(8),
                reader.GetNullableString(9), reader.GetNullableString(10), reader.GetNullableString(11), reader.GetNullableString(12),
                reader.GetInt64Any(13) != 0));
        }
        return rows;
    }

    /// <summary>How many rows of each kind are staged for a job.</summary>
    public async Task<IReadOnlyDictionary<StagedRowKind, int>> CountAsync(string jobId, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT kind, COUNT(*) FROM import_rows WHERE job_id = @job GROUP BY kind";
        command.AddParameter("job", jobId);
        var counts = new Dictionary<StagedRowKind, int>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) counts[(StagedRowKind)reader.GetInt64Any(0)] = (int)reader.GetInt64Any(1);
        return counts;
    }

    /// <summary>Deletes a job's staged rows, a few thousand per transaction so that a million-row
    /// import never holds the (SQLite) write lock for long.</summary>
    public async Task DeleteAsync(string jobId, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        foreach (var kind in Enum.GetValues<StagedRowKind>())
        {
            int deleted;
            do
            {
                await using var command = connection.CreateCommand();
                command.CommandText =
                    "DELETE FROM import_rows WHERE job_id = @job AND kind = @kind AND seq IN "
                    + "(SELECT seq FROM import_rows WHERE job_id = @job AND kind = @kind ORDER BY seq LIMIT @batch)";
                command.AddParameter("job", jobId);
                command.AddParameter("kind", (int)kind);
                command.AddParameter("batch", DeleteBatch);
                deleted = await command.ExecuteNonQueryAsync(ct);
            } while (deleted > 0);
        }
    }

    /// <summary>Jobs whose staged rows are left over: the job completed but the clean-up was cut
    /// short, or rows were staged over <paramref name="olderThan"/> ago by a request that never
    /// became a job (its process died while reading the document).</summary>
    public async Task<IReadOnlyList<string>> LeftoverJobIdsAsync(TimeSpan olderThan, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText =
            "SELECT DISTINCT r.job_id FROM import_rows r LEFT JOIN import_jobs j ON j.id = r.job_id "
            + "WHERE (j.id IS NULL AND r.staged_at_ms < @cutoff) OR j.status = 'completed'";
        command.AddParameter("cutoff", (DateTimeOffset.UtcNow - olderThan).ToUnixTimeMilliseconds());
        var ids = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) ids.Add(reader.GetString(0));
        return ids;
    }

    private static string IdField(StagedRowKind kind) => kind switch
    {
        StagedRowKind.Store => "storeId",
        StagedRowKind.Terminal => "terminalId",
        _ => "posId",
    };

    private static async Task<int> ScalarAsync(DbConnection connection, string jobId, string sql, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.AddParameter("job", jobId);
        return Convert.ToInt32(await command.ExecuteScalarAsync(ct));
    }
}
