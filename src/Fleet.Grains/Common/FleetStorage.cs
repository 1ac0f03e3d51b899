namespace Fleet.Common;

/// <summary>The name of Fleet's one grain storage provider (SQLite or PostgreSQL).</summary>
public static class FleetStorage
{
    public const string Name = "fleet";
}
