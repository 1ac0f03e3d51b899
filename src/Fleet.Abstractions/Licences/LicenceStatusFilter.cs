namespace Fleet.Licences;

/// <summary>What headquarters can filter activation lists by: every status plus ExpiringSoon
/// (the active licences whose period ends within 30 days).</summary>
public enum LicenceStatusFilter
{
    PendingApproval,
    Active,
    NotYetValid,
    Expired,
    Rejected,
    Revoked,
    ExpiringSoon,
}
