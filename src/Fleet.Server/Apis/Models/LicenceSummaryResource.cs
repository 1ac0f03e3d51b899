using Fleet.Licences;

namespace Fleet.Server.Apis.Models;

/// <summary>A licence as a POS or store page shows it, its status derived at the time of the read.</summary>
public sealed record LicenceSummaryResource(
    string ProductionNumber, string Status, bool ExpiringSoon, DateTimeOffset ValidFrom, DateTimeOffset ValidTo)
{
    public static LicenceSummaryResource? From(LicenceLink? link, DateTimeOffset now)
    {
        if (link is null) return null;
        var status = link.StatusAt(now);
        return new LicenceSummaryResource(link.ProductionNumber, status.ToWire(),
            LicenceStatusRules.IsExpiringSoon(status, link.ValidTo, now), link.ValidFrom, link.ValidTo);
    }
}
