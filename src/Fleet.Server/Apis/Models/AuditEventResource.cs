using System.Text.Json;
using Fleet.Storage.ReadModel;

namespace Fleet.Server.Apis.Models;

/// <summary>One audit event as the API shows it; <c>detail</c> is the JSON object recorded with it.</summary>
public sealed record AuditEventResource(
    string Id, DateTimeOffset At, string Actor, string ActorKind, string? ActorName, string? ClientAddress,
    string Action, string TargetType, string? TargetId, JsonElement? Detail)
{
    public static AuditEventResource From(AuditEventRow row) => new(
        row.Id, row.At, row.Actor, row.ActorKind, row.ActorName, row.ClientAddress, row.Action, row.TargetType, row.TargetId,
        ParseDetail(row.Detail));

    private static JsonElement? ParseDetail(string? detail)
    {
        if (detail is null) return null;
        try
        {
            using var document = JsonDocument.Parse(detail);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            // Written by hand or by an older version: show it as text rather than hide it.
            return JsonSerializer.SerializeToElement(detail);
        }
    }
}
