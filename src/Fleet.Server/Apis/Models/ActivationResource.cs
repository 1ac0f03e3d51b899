using System.Text.Json.Nodes;
using Fleet.Licences;
using Fleet.Server.Licences;
using Fleet.Storage.ReadModel;

namespace Fleet.Server.Apis.Models;

/// <summary>An activation as headquarters sees it (never its key). <c>approval</c> is the stored
/// decision; <c>status</c> is derived from it, the period and the clock at the time of the read.
/// <c>unknownCompany</c>: no store declares the corporate id (the approval queue's flag).
/// <c>auxiliary</c>: the other fields the cash register sent, as it sent them.</summary>
public sealed record ActivationResource(
    string ProductionNumber, string CashRegisterName, string DeviceId, string CorporateId, string ApplicationPackage,
    string? PosId, string Approval, string Status, bool ExpiringSoon,
    DateTimeOffset ValidFrom, DateTimeOffset ValidTo, DateTimeOffset KeyIssuedAt, DateTimeOffset? DecidedAt,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, bool UnknownCompany,
    IReadOnlyDictionary<string, JsonNode?>? Auxiliary = null, IReadOnlyList<LicenceAuditEntryResource>? Audit = null)
{
    public static ActivationResource From(ActivationView view, DateTimeOffset now, IReadOnlyList<LicenceAuditEntry>? audit = null,
        bool unknownCompany = false)
    {
        var status = view.StatusAt(now);
        var d = view.Definition;
        return new ActivationResource(view.ProductionNumber, d.CashRegisterName, d.DeviceId, d.CorporateId,
            d.ApplicationPackage, d.PosId, view.Approval.ToWire(), status.ToWire(),
            LicenceStatusRules.IsExpiringSoon(status, view.ValidTo, now), view.ValidFrom, view.ValidTo,
            view.KeyIssuedAt, view.DecidedAt, view.CreatedAt, view.UpdatedAt, unknownCompany, AuxiliaryOf(d),
            audit?.Select(LicenceAuditEntryResource.From).ToArray());
    }

    private static Dictionary<string, JsonNode?> AuxiliaryOf(ActivationDefinition definition) =>
        ActivationDescriptor.Auxiliary(definition).ToDictionary(f => f.Key, f => f.Value switch
        {
            string text => JsonValue.Create(text),
            RawJsonValue raw => JsonNode.Parse(raw.Text),
            _ => (JsonNode?)null,
        }, StringComparer.Ordinal);

    public static ActivationResource From(ActivationRow row, DateTimeOffset now)
    {
        var approval = Enum.Parse<LicenceApproval>(row.Approval, ignoreCase: true);
        var status = LicenceStatusRules.Derive(approval, row.ValidFrom, row.ValidTo, now);
        return new ActivationResource(row.ProductionNumber, row.CashRegisterName, row.DeviceId, row.CorporateId,
            row.ApplicationPackage, row.PosId, row.Approval, status.ToWire(),
            LicenceStatusRules.IsExpiringSoon(status, row.ValidTo, now), row.ValidFrom, row.ValidTo,
            row.KeyIssuedAt, row.DecidedAt, row.CreatedAt, row.UpdatedAt, row.UnknownCompany);
    }
}

/// <summary>One audit entry: <c>actor</c> is the Fleet API key id that acted, or
/// <c>cash-register</c> for the POS itself.</summary>
public sealed record LicenceAuditEntryResource(DateTimeOffset At, string Action, string Actor, string? Reason)
{
    public static LicenceAuditEntryResource From(LicenceAuditEntry entry) => new(entry.At, entry.Action, entry.Actor, entry.Reason);
}
