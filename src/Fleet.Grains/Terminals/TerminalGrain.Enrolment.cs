using System.Security.Cryptography;
using Fleet.Common;
using Fleet.Enrolment;
using Fleet.Pki;

namespace Fleet.Terminals;

/// <summary>The enrolment side of a terminal: one live enrolment code (as a keyed hash, which the
/// caller computes: the code never reaches the cluster) and the terminal's own certificates.
/// Expiry is derived on read from the clock; nothing runs on a timer.</summary>
public sealed partial class TerminalGrain : ITerminalEnrolmentGrain
{
    private TerminalCredentialState Credential => State.Credential;

    public async Task<bool> ArmEnrolmentCode(byte[] codeHash, DateTimeOffset expiresAt)
    {
        ArgumentNullException.ThrowIfNull(codeHash);
        if (!Exists) return false;
        Credential.CodeHash = codeHash;
        Credential.CodeExpiresAt = expiresAt;
        Credential.CodeIssuedAt = time.GetUtcNow();
        await WriteAsync();
        return true;
    }

    public async Task<EnrolmentClaim> RedeemEnrolmentCode(byte[] codeHash)
    {
        ArgumentNullException.ThrowIfNull(codeHash);
        if (!Exists || Credential.CodeHash is not { } live || !CryptographicOperations.FixedTimeEquals(live, codeHash))
            return EnrolmentClaim.Refused; // a wrong guess leaves the live code alone: no one can cancel it by guessing

        var usable = Credential.CodeExpiresAt > time.GetUtcNow();
        // Spent (or found dead) before the answer: one code, one enrolment.
        Credential.ForgetCode();
        await WriteAsync();
        return usable ? EnrolmentClaim.For(State.Definition!.StoreId) : EnrolmentClaim.Refused;
    }

    public Task<EnrolmentClaim> AuthorizeRenewal(string serialNumber) =>
        Task.FromResult(Exists && Credential.Certificates.ContainsKey(serialNumber)
            ? EnrolmentClaim.For(State.Definition!.StoreId)
            : EnrolmentClaim.Refused);

    public async Task<CommandResult<IReadOnlyList<string>>> RecordCertificate(TerminalCertificate certificate, bool supersede)
    {
        if (!Exists) return CommandResult<IReadOnlyList<string>>.NotFound($"Terminal '{this.GetPrimaryKeyString()}' does not exist.");
        var now = time.GetUtcNow();
        // Expired certificates need no revocation; they just leave the set.
        foreach (var (serial, held) in Credential.Certificates.ToArray())
            if (held.NotAfter <= now) Credential.Certificates.Remove(serial);

        string[] superseded = supersede ? [.. Credential.Certificates.Keys] : [];
        foreach (var serial in superseded) Credential.Certificates.Remove(serial);
        Credential.Certificates[certificate.SerialNumber] = certificate;
        await WriteAsync();
        return CommandResult<IReadOnlyList<string>>.Ok(CommandStatus.Updated, superseded);
    }

    public Task<TerminalCredentialView?> GetCredential()
    {
        if (!Exists) return Task.FromResult<TerminalCredentialView?>(null);
        var now = time.GetUtcNow();
        var live = Credential.CodeHash is not null && Credential.CodeExpiresAt > now;
        return Task.FromResult<TerminalCredentialView?>(new TerminalCredentialView(
            State.TerminalId,
            State.Definition!.StoreId,
            live ? Credential.CodeIssuedAt : null,
            live ? Credential.CodeExpiresAt : null,
            Credential.Certificates.Values.Where(c => c.NotAfter > now).OrderBy(c => c.IssuedAt).ToArray()));
    }

    /// <summary>On decommission: the code dies and every certificate of the terminal is revoked.</summary>
    private async Task EndCredentialAsync()
    {
        Credential.ForgetCode();
        await grains.RevokeAllAsync(Credential.Certificates.Keys.ToArray(), CessationOfOperation, RevocationSource.Terminal);
        Credential.Certificates.Clear();
    }
}
