namespace Fleet.Server.Dashboard.Components;

/// <summary>IANA time zone ids for the store form's suggestions (validation stays in the grain).</summary>
public static class TimeZones
{
    private static readonly Lazy<string[]> All = new(() => TimeZoneInfo.GetSystemTimeZones()
        .Select(z => TimeZoneInfo.TryConvertWindowsIdToIanaId(z.Id, out var iana) ? iana : z.Id)
        .Append("UTC").Distinct().Order(StringComparer.Ordinal).ToArray());

    public static IEnumerable<string> Search(string? text) => string.IsNullOrWhiteSpace(text)
        ? All.Value
        : All.Value.Where(z => z.Contains(text.Trim(), StringComparison.OrdinalIgnoreCase));
}
