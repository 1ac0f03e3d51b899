namespace Fleet.Server.Dashboard;

/// <summary>Section <c>Fleet:Dashboard</c>.</summary>
public sealed class DashboardOptions
{
    public const string Section = "Fleet:Dashboard";

    /// <summary>How often open pages re-read what they show (health changes without a write when
    /// terminals stop reporting, so pages poll the read model rather than wait for events).</summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Mount the Orleans dashboard (admins only) at <c>/orleans</c>. Off by default: it shows
    /// grain internals nobody but a Fleet developer needs, and mapping it compresses its embedded
    /// assets at every start (about a second of a restart on two cores).</summary>
    public bool OrleansDashboard { get; set; }
}
