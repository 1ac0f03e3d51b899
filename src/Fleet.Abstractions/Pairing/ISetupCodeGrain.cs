namespace Fleet.Pairing;

/// <summary>One live POS connection code, keyed by the code's index (an HMAC of the code under a
/// deployment key, see <c>SetupCodeSecrets</c>), never the code itself, so storage names no live
/// code. The key makes a code unique among live codes fleet-wide, and the grain serialises redemptions, so a code issues exactly one
/// certificate however many requests race for it.</summary>
[Alias("fleet.setup-code")]
public interface ISetupCodeGrain : IGrainWithStringKey
{
    /// <summary>Makes the code live for <paramref name="terminalId"/> until <paramref name="expiresAt"/>.
    /// False when the code is already live for another terminal (the caller draws another).</summary>
    [Alias("arm")]
    Task<bool> Arm(string terminalId, DateTimeOffset expiresAt);

    /// <summary>Redeems the code for <paramref name="posId"/>: at most one call ever gets
    /// <see cref="ClaimOutcome.Claimed"/>; the code is spent durably before that answer.</summary>
    [Alias("claim")]
    Task<SetupCodeClaim> Claim(string posId);

    /// <summary>Forgets the code if it still belongs to <paramref name="terminalId"/> (rotation,
    /// window closed, terminal decommissioned).</summary>
    [Alias("withdraw")]
    Task Withdraw(string terminalId);
}
