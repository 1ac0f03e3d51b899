using Fleet.Common;

namespace Fleet.Enrolment;

/// <summary>The enrolment side of a terminal (the same grain as <c>ITerminalGrain</c>, keyed by
/// terminal id): its one live enrolment code, kept only as a keyed hash, and the certificates it
/// holds as its own identity on the device listener. Code expiry is derived on read; no timer runs.</summary>
[Alias("fleet.terminal-enrolment")]
public interface ITerminalEnrolmentGrain : IGrainWithStringKey
{
    /// <summary>Arms a fresh code (its keyed hash) until <paramref name="expiresAt"/>; an earlier
    /// code stops working. False when the terminal does not exist.</summary>
    [Alias("arm-code")]
    Task<bool> ArmEnrolmentCode(byte[] codeHash, DateTimeOffset expiresAt);

    /// <summary>Spends the live code if <paramref name="codeHash"/> is its hash and it has not
    /// expired; the code is gone from storage before the answer, so it enrols once.</summary>
    [Alias("redeem-code")]
    Task<EnrolmentClaim> RedeemEnrolmentCode(byte[] codeHash);

    /// <summary>May the holder of certificate <paramref name="serialNumber"/> renew it? Only while
    /// the terminal exists and the certificate is one of its own, unrevoked.</summary>
    [Alias("authorize-renewal")]
    Task<EnrolmentClaim> AuthorizeRenewal(string serialNumber);

    /// <summary>Records a certificate issued to the terminal. With <paramref name="supersede"/> (a new
    /// enrolment) the terminal lets go of its earlier certificates and returns their serials for the
    /// caller to revoke. NotFound when the terminal does not exist.</summary>
    [Alias("record-certificate")]
    Task<CommandResult<IReadOnlyList<string>>> RecordCertificate(TerminalCertificate certificate, bool supersede);

    /// <summary>Null when the terminal does not exist.</summary>
    [Alias("get-credential")]
    Task<TerminalCredentialView?> GetCredential();
}
