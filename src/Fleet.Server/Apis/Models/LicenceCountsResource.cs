using Fleet.Licences;

namespace Fleet.Server.Apis.Models;

/// <summary>Licences by status (as in fleet health); <c>expiringSoon</c> is the part of
/// <c>active</c> that ends within 30 days.</summary>
public sealed record LicenceCountsResource(
    int PendingApproval, int Active, int ExpiringSoon, int NotYetValid, int Expired, int Rejected, int Revoked)
{
    public static LicenceCountsResource From(IEnumerable<LicenceLink> links, DateTimeOffset now)
    {
        int pending = 0, active = 0, soon = 0, notYet = 0, expired = 0, rejected = 0, revoked = 0;
        foreach (var link in links)
        {
            var status = link.StatusAt(now);
            switch (status)
            {
                case LicenceStatus.PendingApproval: pending++; break;
                case LicenceStatus.Active: active++; if (LicenceStatusRules.IsExpiringSoon(status, link.ValidTo, now)) soon++; break;
                case LicenceStatus.NotYetValid: notYet++; break;
                case LicenceStatus.Expired: expired++; break;
                case LicenceStatus.Rejected: rejected++; break;
                case LicenceStatus.Revoked: revoked++; break;
            }
        }
        return new LicenceCountsResource(pending, active, soon, notYet, expired, rejected, revoked);
    }
}
