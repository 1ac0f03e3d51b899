using System.Text.RegularExpressions;
using Fleet.Common;

namespace Fleet.Licences;

/// <summary>What a POS sends to activate a cash register (srv4pos <c>POST /activations-advanced</c>).
/// <see cref="Auxiliary"/> holds the contract's "other auxiliary fields", kept verbatim.</summary>
[GenerateSerializer, Immutable, Alias("fleet.activation-definition")]
public sealed partial record ActivationDefinition(
    [property: Id(0)] string CashRegisterName,
    [property: Id(1)] string DeviceId,
    [property: Id(2)] string CorporateId,
    [property: Id(3)] string ApplicationPackage,
    [property: Id(4)] string? PosId,
    [property: Id(5)] IReadOnlyDictionary<string, string> Auxiliary)
{
    public const int MaxNameLength = 100;
    public const int MaxDeviceIdLength = 128;
    public const int MaxCorporateIdLength = 64;
    public const int MaxApplicationPackageLength = 255;
    public const int MaxAuxiliaryFields = 32;
    public const int MaxAuxiliaryNameLength = 64;
    public const int MaxAuxiliaryValueLength = 1024;

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_.-]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex AuxiliaryName();

    public IReadOnlyList<FieldError> Validate()
    {
        var errors = new List<FieldError>();
        Add(errors, LicenceText.Required("cashRegisterName", CashRegisterName, MaxNameLength));
        Add(errors, LicenceText.Required("deviceId", DeviceId, MaxDeviceIdLength));
        Add(errors, LicenceText.Required("corporateId", CorporateId, MaxCorporateIdLength));
        Add(errors, LicenceText.Required("applicationPackage", ApplicationPackage, MaxApplicationPackageLength));
        if (PosId is not null) Add(errors, Pos.PosIds.Normalize("posId", PosId).Error);
        errors.AddRange(ValidateFields(null, Auxiliary, MaxAuxiliaryFields));
        return errors;
    }

    /// <summary>Checks a map of caller-chosen string fields (the auxiliary activation fields, which
    /// arrive at the top level of the body, or the custom fields of an activation code under
    /// <paramref name="prefix"/>): bounded in number and size, printable names.</summary>
    public static IEnumerable<FieldError> ValidateFields(string? prefix, IReadOnlyDictionary<string, string> fields, int maxCount)
    {
        if (fields.Count > maxCount)
        {
            yield return new FieldError(prefix ?? "body", $"At most {maxCount} {(prefix is null ? "auxiliary" : prefix)} fields are accepted.");
            yield break;
        }
        foreach (var (name, value) in fields)
        {
            var field = prefix is null ? Truncate(name) : $"{prefix}.{Truncate(name)}";
            if (!AuxiliaryName().IsMatch(name))
                yield return new FieldError(field,
                    $"Field names must start with a letter and contain only letters, digits, '_', '.' and '-' (at most {MaxAuxiliaryNameLength} characters).");
            else if (LicenceText.Optional(field, value, MaxAuxiliaryValueLength) is { } error)
                yield return error;
        }
    }

    private static string Truncate(string name) => name.Length <= 32 ? name : name[..32];

    private static void Add(List<FieldError> errors, FieldError? error)
    {
        if (error is not null) errors.Add(error);
    }
}
