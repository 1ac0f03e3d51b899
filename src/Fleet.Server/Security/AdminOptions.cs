namespace Fleet.Server.Security;

/// <summary>Section <c>Fleet:Admin</c>.</summary>
public sealed class AdminOptions
{
    public const string Section = "Fleet:Admin";

    /// <summary>The bootstrap admin API key (env <c>Fleet__Admin__ApiKey</c>). When unset, the first
    /// start generates one and prints it once.</summary>
    public string? ApiKey { get; set; }

    /// <summary>The dashboard admin's user name (default <c>admin</c>).</summary>
    public string UserName { get; set; } = "admin";

    /// <summary>The dashboard admin's password (env <c>Fleet__Admin__Password</c>). When set, every
    /// start makes it the admin's password; when unset, the first start generates one and prints
    /// it once.</summary>
    public string? Password { get; set; }
}
