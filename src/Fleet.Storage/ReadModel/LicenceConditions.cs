using Fleet.Licences;

namespace Fleet.Storage.ReadModel;

/// <summary>SQL conditions for a derived licence status, the same precedence as
/// <see cref="LicenceStatusRules.Derive"/>: decisions first, then an elapsed period, then pending
/// approval, then a period not yet begun. Column names come from code; times are parameters.</summary>
internal static class LicenceConditions
{
    /// <param name="approval">The column holding <see cref="LicenceApproval"/> in wire form.</param>
    /// <param name="validFrom">The period-start column, or null where the table has none (the POS
    /// list): there a not-yet-begun approved licence counts as Active.</param>
    public static void Apply(KeysetQuery query, LicenceStatusFilter status, string approval, string? validFrom, string validTo,
        DateTimeOffset now)
    {
        var nowMs = now.ToUnixTimeMilliseconds();
        var started = validFrom is null ? "" : $" AND {validFrom} <= @lic_now";
        switch (status)
        {
            case LicenceStatusFilter.Revoked: query.Where($"{approval} = 'revoked'"); break;
            case LicenceStatusFilter.Rejected: query.Where($"{approval} = 'rejected'"); break;
            case LicenceStatusFilter.Expired:
                query.Where($"{approval} IN ('pending', 'approved') AND {validTo} <= @lic_now", ("lic_now", nowMs));
                break;
            case LicenceStatusFilter.PendingApproval:
                query.Where($"{approval} = 'pending' AND {validTo} > @lic_now", ("lic_now", nowMs));
                break;
            case LicenceStatusFilter.NotYetValid when validFrom is not null:
                query.Where($"{approval} = 'approved' AND {validTo} > @lic_now AND {validFrom} > @lic_now", ("lic_now", nowMs));
                break;
            case LicenceStatusFilter.NotYetValid:
                throw new InvalidQueryException("licence", "This list cannot tell NotYetValid licences apart; use /api/v1/activations?status=NotYetValid.");
            case LicenceStatusFilter.Active:
                query.Where($"{approval} = 'approved' AND {validTo} > @lic_now{started}", ("lic_now", nowMs));
                break;
            case LicenceStatusFilter.ExpiringSoon:
                query.Where($"{approval} = 'approved' AND {validTo} > @lic_now AND {validTo} <= @lic_soon{started}",
                    ("lic_now", nowMs), ("lic_soon", (now + LicenceStatusRules.ExpiringSoonWindow).ToUnixTimeMilliseconds()));
                break;
            default: throw new ArgumentOutOfRangeException(nameof(status), status, null);
        }
    }

    public static string Names => string.Join(", ", Enum.GetNames<LicenceStatusFilter>());
}
