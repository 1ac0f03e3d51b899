using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using Fleet.Common;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace Fleet.Server.Security;

/// <summary>Device cookies (the OWASP defence against lock-out by guessing): after a successful
/// sign-in the browser gets a cookie, protected with the fleet's data-protection keys (so every
/// silo reads it), naming the account and a random device id. A sign-in that presents one for the
/// account it names is braked per device, not per account. The cookie grants nothing by itself:
/// the password is still required.</summary>
public sealed class SignInDevices(IDataProtectionProvider protection, FleetClock time, IOptions<SignInOptions> options)
{
    public const string CookieName = "__Host-fleet-device";

    private readonly IDataProtector _protector = protection.CreateProtector("Fleet.SignIn.Device.v1");

    /// <summary>A new cookie value for <paramref name="userName"/> (already normalised).</summary>
    public string Issue(string userName)
    {
        var id = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16));
        var issued = time.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        return _protector.Protect($"{userName}\n{id}\n{issued}");
    }

    /// <summary>The device id when <paramref name="cookie"/> is a live device cookie for
    /// <paramref name="userName"/> (normalised), otherwise null.</summary>
    public string? DeviceOf(string? cookie, string userName)
    {
        if (string.IsNullOrEmpty(cookie) || cookie.Length > 1024) return null;
        string payload;
        try
        {
            payload = _protector.Unprotect(cookie);
        }
        catch (CryptographicException)
        {
            return null; // forged, damaged, or from a key ring that no longer exists
        }
        var parts = payload.Split('\n');
        if (parts.Length != 3 || parts[0] != userName
            || !long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var issued))
            return null;
        return DateTimeOffset.FromUnixTimeSeconds(issued) + options.Value.DeviceLifetime > time.GetUtcNow() ? parts[1] : null;
    }

    /// <summary>Sets the cookie on a sign-in answer.</summary>
    public void Remember(HttpResponse response, string cookie) =>
        response.Cookies.Append(CookieName, cookie, new CookieOptions
        {
            HttpOnly = true,
            Secure = true,
            SameSite = SameSiteMode.Strict,
            Path = "/",
            MaxAge = options.Value.DeviceLifetime,
            IsEssential = true,
        });
}
