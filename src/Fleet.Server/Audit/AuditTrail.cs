using System.Text.Json;
using Fleet.Common;
using Fleet.Storage.ReadModel;

namespace Fleet.Server.Audit;

/// <summary>Records what was done, by whom, when and from where, after a command succeeded: one
/// INSERT into <c>audit_events</c>, no grain call. The actor is the one given, else the ambient
/// <see cref="AuditScope"/> (dashboard circuits), else the current HTTP request's principal and
/// address, else <see cref="AuditActor.System"/>.
/// <para>A failed write never turns the succeeded command into an error (the change was made and
/// the caller must hear so): it is logged at Error level with the whole event, so an operator can
/// restore it from the log, and counted in <see cref="FailedWrites"/>.</para>
/// <para>Callers pass only non-secret details: never keys, passwords, AuthSecrets, tokens or PEMs.</para></summary>
public sealed class AuditTrail(
    FleetReadModel readModel, AuditEventIds ids, FleetClock time, IHttpContextAccessor http, ILogger<AuditTrail> logger)
{
    private static readonly JsonSerializerOptions DetailJson = new(JsonSerializerDefaults.Web);
    private long _failedWrites;

    /// <summary>Audit events that could not be written since start-up (each one logged).</summary>
    public long FailedWrites => Interlocked.Read(ref _failedWrites);

    /// <summary>The trail newest first, keyset-paged: for the REST API and the dashboard alike.</summary>
    public Task<Page<AuditEventRow>> ListAsync(AuditFilter filter, int limit, string? cursor, CancellationToken ct = default) =>
        readModel.ListAuditEventsAsync(filter, limit, cursor, ct);

    /// <summary>Appends one event. Never throws; see the type's remarks for failures.</summary>
    public async Task RecordAsync(string action, string targetType, string? targetId, object? detail = null, AuditActor? actor = null)
    {
        actor ??= AuditScope.Current ?? CurrentRequestActor() ?? AuditActor.System;
        var at = time.GetUtcNow();
        var row = new AuditEventRow(ids.Next(at), at, actor.Id, actor.Kind, actor.Name, actor.Address, action, targetType, targetId,
            detail is null ? null : JsonSerializer.Serialize(detail, DetailJson));
        try
        {
            // Not the request's token: a client hanging up after its change was made must not lose the record.
            await readModel.AppendAuditEventAsync(row, actor.ApiKeyId, CancellationToken.None);
        }
        catch (Exception e)
        {
            Interlocked.Increment(ref _failedWrites);
            logger.LogError(e, "Audit event NOT written; the change it records was made. Event: {AuditEvent}",
                JsonSerializer.Serialize(row, DetailJson));
        }
    }

    /// <summary>Records <paramref name="action"/> when the command changed something (Created,
    /// Updated, Deleted); a refusal or an idempotent repeat (Unchanged) leaves no event. Returns the
    /// result so that services can pass it straight on.</summary>
    public async Task<CommandResult<T>> IfChangedAsync<T>(
        Task<CommandResult<T>> command, Func<CommandStatus, string> action, string targetType, string targetId,
        Func<T, object?>? detail = null)
    {
        var result = await command;
        if (result.Status is CommandStatus.Created or CommandStatus.Updated or CommandStatus.Deleted)
            await RecordAsync(action(result.Status), targetType, targetId,
                detail is not null && result.Value is { } value ? detail(value) : null);
        return result;
    }

    /// <summary>"{prefix}.created" or "{prefix}.updated", for idempotent upserts.</summary>
    public static Func<CommandStatus, string> Upserted(string prefix) =>
        status => status == CommandStatus.Created ? prefix + ".created" : prefix + ".updated";

    public static Func<CommandStatus, string> Always(string action) => _ => action;

    private AuditActor? CurrentRequestActor() =>
        http.HttpContext is { } context ? AuditActor.From(context.User, context.Connection.RemoteIpAddress) : null;
}
