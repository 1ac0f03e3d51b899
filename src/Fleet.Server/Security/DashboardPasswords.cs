using Microsoft.AspNetCore.Identity;

namespace Fleet.Server.Security;

/// <summary>Password hashing for dashboard users: ASP.NET Core Identity's format (PBKDF2 with
/// HMAC-SHA512, 100,000 iterations, 128-bit salt), so hashes stay verifiable when the defaults
/// strengthen and old ones are upgraded on the next sign-in.</summary>
public sealed class DashboardPasswords
{
    private static readonly object Nobody = new();
    private readonly PasswordHasher<object> _hasher = new();
    private readonly string _decoy;

    public DashboardPasswords() => _decoy = _hasher.HashPassword(Nobody, Guid.NewGuid().ToString());

    public string Hash(string password) => _hasher.HashPassword(Nobody, password);

    public (bool Ok, bool Rehash) Verify(string hash, string password) =>
        _hasher.VerifyHashedPassword(Nobody, hash, password) switch
        {
            PasswordVerificationResult.Success => (true, false),
            PasswordVerificationResult.SuccessRehashNeeded => (true, true),
            _ => (false, false),
        };

    /// <summary>Spends the same work as a verification, for sign-ins that fail before one.</summary>
    public void Burn(string password) => _hasher.VerifyHashedPassword(Nobody, _decoy, password);
}
