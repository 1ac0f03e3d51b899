using Fleet.Licences;

namespace Fleet.Server.Licences;

/// <summary>The srv4pos ActivationDescriptor: every field of the activation plus the caller's
/// custom fields, as the members of the canonical JSON object that is signed.</summary>
public static class ActivationDescriptor
{
    public const int MaxCustomFields = 32;

    public static IReadOnlyDictionary<string, object?> Build(
        ActivationView view, LicenceStatus status, IReadOnlyDictionary<string, string> customFields,
        DateTimeOffset issuedAt, string keyId) => new Dictionary<string, object?>
    {
        ["productionNumber"] = view.ProductionNumber,
        ["cashRegisterName"] = view.Definition.CashRegisterName,
        ["deviceId"] = view.Definition.DeviceId,
        ["corporateId"] = view.Definition.CorporateId,
        ["applicationPackage"] = view.Definition.ApplicationPackage,
        ["posId"] = view.Definition.PosId,
        ["auxiliary"] = Auxiliary(view.Definition),
        ["status"] = status.ToWire(),
        ["validFrom"] = view.ValidFrom,
        ["validTo"] = view.ValidTo,
        ["createdAt"] = view.CreatedAt,
        ["approvedAt"] = view.Approval == LicenceApproval.Approved ? view.DecidedAt : null,
        ["keyIssuedAt"] = view.KeyIssuedAt,
        ["issuedAt"] = issuedAt,
        ["signingKeyId"] = keyId,
        ["customFields"] = customFields,
    };

    /// <summary>Every auxiliary field as it was sent: strings as strings, the rest as their JSON.</summary>
    public static IReadOnlyDictionary<string, object?> Auxiliary(ActivationDefinition definition)
    {
        var fields = definition.Auxiliary.ToDictionary(f => f.Key, f => (object?)f.Value, StringComparer.Ordinal);
        foreach (var (name, json) in definition.AuxiliaryJson ?? new Dictionary<string, string>())
            fields[name] = json == "null" ? null : new RawJsonValue(json);
        return fields;
    }
}
