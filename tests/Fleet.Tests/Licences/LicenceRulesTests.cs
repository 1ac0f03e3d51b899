using System.Text;
using Fleet.Licences;
using Fleet.Server.Licences;

namespace Fleet.Tests.Licences;

/// <summary>The pure rules under the endpoints: status precedence and the canonical JSON.</summary>
public sealed class LicenceRulesTests
{
    private static readonly DateTimeOffset From = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset To = new(2027, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(LicenceApproval.Pending, "2026-06-01", LicenceStatus.PendingApproval)]
    [InlineData(LicenceApproval.Pending, "2025-12-31", LicenceStatus.PendingApproval)]
    [InlineData(LicenceApproval.Pending, "2027-01-01", LicenceStatus.Expired)]
    [InlineData(LicenceApproval.Approved, "2025-12-31T23:59:59", LicenceStatus.NotYetValid)]
    [InlineData(LicenceApproval.Approved, "2026-01-01", LicenceStatus.Active)]
    [InlineData(LicenceApproval.Approved, "2026-12-31T23:59:59", LicenceStatus.Active)]
    [InlineData(LicenceApproval.Approved, "2027-01-01", LicenceStatus.Expired)]
    [InlineData(LicenceApproval.Rejected, "2027-06-01", LicenceStatus.Rejected)]
    [InlineData(LicenceApproval.Revoked, "2026-06-01", LicenceStatus.Revoked)]
    public void Status_is_derived_with_decisions_first_and_validTo_exclusive(LicenceApproval approval, string now, LicenceStatus expected) =>
        Assert.Equal(expected, LicenceStatusRules.Derive(approval, From, To,
            DateTimeOffset.Parse(now + (now.Contains('T') ? "Z" : "T00:00:00Z"))));

    [Fact]
    public void Expiring_soon_is_an_active_licence_within_30_days_of_its_end()
    {
        Assert.True(LicenceStatusRules.IsExpiringSoon(LicenceStatus.Active, To, To.AddDays(-30)));
        Assert.False(LicenceStatusRules.IsExpiringSoon(LicenceStatus.Active, To, To.AddDays(-30).AddSeconds(-1)));
        Assert.False(LicenceStatusRules.IsExpiringSoon(LicenceStatus.PendingApproval, To, To.AddDays(-1)));
    }

    [Fact]
    public void Canonical_json_sorts_members_ordinally_and_escapes_only_what_json_requires()
    {
        var bytes = CanonicalJson.Serialize(new Dictionary<string, object?>
        {
            ["b"] = "\u0001\n\t\"\\é€",
            ["a"] = null,
            ["Z"] = new DateTimeOffset(2026, 1, 2, 3, 4, 5, 6, TimeSpan.FromHours(2)),
            ["c"] = new Dictionary<string, string> { ["z"] = "1", ["y"] = "2" },
        });
        Assert.Equal("{\"Z\":\"2026-01-02T01:04:05.006Z\",\"a\":null,\"b\":\"\\u0001\\n\\t\\\"\\\\é€\",\"c\":{\"y\":\"2\",\"z\":\"1\"}}",
            Encoding.UTF8.GetString(bytes));
        Assert.NotEqual(0xEF, bytes[0]); // no BOM
    }
}
