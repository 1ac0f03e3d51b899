using Fleet.Common;

namespace Fleet.Stores;

/// <summary>What a deployment script or an operator says a store is.</summary>
[GenerateSerializer, Immutable, Alias("fleet.store-definition")]
public sealed record StoreDefinition(
    [property: Id(0)] string Name,
    [property: Id(1)] string TimeZone,
    [property: Id(2)] string? CorporateId)
{
    public IReadOnlyList<FieldError> Validate() => Validation.Collect(
        Text.Required("name", Name, 200),
        Text.Required("timeZone", TimeZone, 64) ?? CheckTimeZone(TimeZone),
        CorporateId is null ? null : Text.Required("corporateId", CorporateId, 64));

    private static FieldError? CheckTimeZone(string timeZone) =>
        TimeZoneInfo.TryFindSystemTimeZoneById(timeZone, out _)
            ? null
            : new FieldError("timeZone", $"'{timeZone}' is not a known IANA time zone (for example 'Europe/Stockholm').");
}
