using System.Net;
using System.Security.Claims;
using Fleet.Server.Security;

namespace Fleet.Server.Audit;

/// <summary>Who did something and from where. <see cref="Id"/> is <c>api-key:{id}</c>,
/// <c>user:{name}</c>, <c>pos:{Fleet POS id}</c> (store~posId, see <c>PosKey</c>), <c>order-n-pay:{store id}</c>,
/// <c>terminal:{terminal id}</c> (an enrolled terminal with its own certificate) or <c>system</c>; <see cref="Name"/> is for people
/// (null for an API key: the trail fills in the key's name and role from the read model).</summary>
public sealed record AuditActor(string Id, string Kind, string? Name, string? Address, string? ApiKeyId = null)
{
    public const string ApiKeyKind = "api-key";
    public const string UserKind = "user";
    public const string PosKind = "pos";
    public const string TerminalKind = "terminal";
    public const string SystemKind = "system";
    public const string OrderNPayKind = "order-n-pay";

    /// <summary>Fleet itself: start-up bootstrapping, background work, anything without a caller.</summary>
    public static readonly AuditActor System = new("system", SystemKind, "Fleet", null);

    /// <summary>A POS on the device listener: its Fleet id (unique; a posId is unique only in its store), named by its posId.</summary>
    public static AuditActor Pos(string posKey, string posId, IPAddress? address) => new($"pos:{posKey}", PosKind, posId, Format(address));

    /// <summary>A terminal on the device listener, enrolling or renewing its own certificate.</summary>
    public static AuditActor Terminal(string terminalId, IPAddress? address) => new($"terminal:{terminalId}", TerminalKind, terminalId, Format(address));

    /// <summary>An Order N Pay (PowerEPOS) client, known only by the outlet its token is for.</summary>
    public static AuditActor OrderNPayClient(string storeId, IPAddress? address) =>
        new($"order-n-pay:{storeId}", OrderNPayKind, storeId, Format(address));

    public static AuditActor User(string userName, IPAddress? address) => new($"user:{userName}", UserKind, userName, Format(address));

    /// <summary>The actor behind an authenticated principal (API key or dashboard cookie), or null.</summary>
    public static AuditActor? From(ClaimsPrincipal? user, IPAddress? address)
    {
        if (user?.Identity is not { IsAuthenticated: true } identity) return null;
        if (user.FindFirst(FleetClaims.KeyId)?.Value is { } keyId)
            return new AuditActor($"api-key:{keyId}", ApiKeyKind, null, Format(address), keyId);
        return identity.Name is { } name ? User(name, address) : null;
    }

    // IPv4 clients on a dual-stack socket arrive as ::ffff:a.b.c.d; people read a.b.c.d.
    private static string? Format(IPAddress? address) =>
        address is null ? null : (address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address).ToString();
}
