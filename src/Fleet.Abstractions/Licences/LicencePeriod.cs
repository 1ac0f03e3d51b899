using Fleet.Common;

namespace Fleet.Licences;

/// <summary>The validity period of an API key. The srv4pos contract: "maximum one year, it must be
/// straight at midnight in UTC". validTo is exclusive: the key works until that midnight.</summary>
public static class LicencePeriod
{
    public static IReadOnlyList<FieldError> Validate(DateTimeOffset? validFrom, DateTimeOffset? validTo, DateTimeOffset now)
    {
        var errors = new List<FieldError>();
        if (validFrom is null) errors.Add(new FieldError("validFrom", "'validFrom' is required."));
        else if (!IsUtcMidnight(validFrom.Value))
            errors.Add(new FieldError("validFrom", "'validFrom' must be exactly midnight UTC (for example 2026-01-01T00:00:00Z)."));
        if (validTo is null) errors.Add(new FieldError("validTo", "'validTo' is required."));
        else if (!IsUtcMidnight(validTo.Value))
            errors.Add(new FieldError("validTo", "'validTo' must be exactly midnight UTC (for example 2027-01-01T00:00:00Z)."));
        if (errors.Count > 0) return errors;

        var from = validFrom!.Value.ToUniversalTime();
        var to = validTo!.Value.ToUniversalTime();
        if (from >= to)
            errors.Add(new FieldError("validTo", "'validTo' must be after 'validFrom'."));
        else if (from > LastStartOfAYear)
            errors.Add(new FieldError("validFrom", $"'validFrom' must be at most {LastStartOfAYear:yyyy-MM-dd}: a period ends by 9999-12-31."));
        else if (to > from.AddYears(1))
            errors.Add(new FieldError("validTo", "The period from 'validFrom' to 'validTo' must be at most one year."));
        else if (to <= now)
            errors.Add(new FieldError("validTo", "'validTo' must be in the future: this key would be expired on arrival."));
        return errors;
    }

    /// <summary>The last start a whole year can follow before the calendar ends (9999-12-31): a
    /// later one cannot be checked against "at most one year" by date arithmetic, and no licence needs it.</summary>
    private static readonly DateTimeOffset LastStartOfAYear = DateTimeOffset.MaxValue.AddYears(-1);

    public static bool IsUtcMidnight(DateTimeOffset time) => time.UtcDateTime.TimeOfDay == TimeSpan.Zero;
}
