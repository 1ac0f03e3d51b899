namespace Fleet.Licences;

/// <summary>What a licence is at a given moment: the status a POS sees on the handshake and
/// headquarters sees in lists. The names are the machine-readable 403 reasons of the srv4pos
/// contract (<c>PendingApproval</c>, <c>Rejected</c>, <c>Expired</c>, <c>NotYetValid</c>,
/// <c>Revoked</c>) plus <c>Active</c>.</summary>
public enum LicenceStatus
{
    PendingApproval,
    Active,
    NotYetValid,
    Expired,
    Rejected,
    Revoked,
}

/// <summary>Derives a licence's status from its approval, its period and the clock, so that no
/// timer runs per licence: an approved licence simply reads as Expired once its validTo passes.</summary>
public static class LicenceStatusRules
{
    /// <summary>An active licence whose period ends within this window is "expiring soon".</summary>
    public static readonly TimeSpan ExpiringSoonWindow = TimeSpan.FromDays(30);

    /// <summary>Precedence: a decision (revoked, rejected) wins over the period; an elapsed period
    /// wins over a pending approval, because waiting for approval cannot help a key that has
    /// expired (the POS must renew); a pending approval wins over a period that has not begun.</summary>
    public static LicenceStatus Derive(LicenceApproval approval, DateTimeOffset validFrom, DateTimeOffset validTo, DateTimeOffset now) =>
        approval switch
        {
            LicenceApproval.Revoked => LicenceStatus.Revoked,
            LicenceApproval.Rejected => LicenceStatus.Rejected,
            _ when now >= validTo => LicenceStatus.Expired,
            LicenceApproval.Pending => LicenceStatus.PendingApproval,
            _ when now < validFrom => LicenceStatus.NotYetValid,
            _ => LicenceStatus.Active,
        };

    /// <summary>True for an active licence whose period ends within <see cref="ExpiringSoonWindow"/>.</summary>
    public static bool IsExpiringSoon(LicenceStatus status, DateTimeOffset validTo, DateTimeOffset now) =>
        status == LicenceStatus.Active && validTo - now <= ExpiringSoonWindow;

    public static string ToWire(this LicenceStatus status) => status.ToString();

    /// <summary>Parses a status filter as the API accepts it: a status name or <c>ExpiringSoon</c>,
    /// case-insensitive.</summary>
    public static bool TryParseFilter(string? text, out LicenceStatusFilter filter)
    {
        filter = default;
        if (string.IsNullOrWhiteSpace(text)) return false;
        return Enum.TryParse(text.Trim(), ignoreCase: true, out filter) && Enum.IsDefined(filter);
    }
}
