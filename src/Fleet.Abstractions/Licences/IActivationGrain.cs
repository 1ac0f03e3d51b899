using Fleet.Common;

namespace Fleet.Licences;

/// <summary>One srv4pos activation (a licensed cash register), keyed by its production number.
/// Holds only the SHA-256 of its API key; keys are 256-bit random values, so a fast hash is
/// enough. A linked POS is told of every change so that its summary shows the licence.</summary>
[Alias("fleet.activation")]
public interface IActivationGrain : IGrainWithStringKey
{
    /// <summary>Creates the activation, pending approval. Conflict when the production number is
    /// taken (the caller draws another); Invalid for bad fields or an unknown posId.</summary>
    [Alias("create")]
    Task<CommandResult<ActivationView>> Create(
        ActivationDefinition definition, DateTimeOffset validFrom, DateTimeOffset validTo, byte[] keyHash);

    /// <summary>Replaces the key and the period. Accepts the current key, or the previous one as
    /// long as the current one has never been used (so a POS that lost the renewal answer can
    /// retry). Approval is kept. <paramref name="repeatedIdentity"/> holds the identity fields the
    /// renewal repeats (contract names, see <see cref="ActivationDefinition.Identity"/>): once the key
    /// is known good, any that differs from the activation's makes the renewal Invalid.</summary>
    [Alias("renew")]
    Task<RenewalOutcome> Renew(byte[] presentedKeyHash, DateTimeOffset validFrom, DateTimeOffset validTo, byte[] newKeyHash,
        IReadOnlyDictionary<string, string?> repeatedIdentity);

    /// <summary>The activation when <paramref name="keyHash"/> is its current key, else null. The
    /// caller derives the status (and refuses with 403) itself.</summary>
    [Alias("authenticate")]
    Task<ActivationView?> Authenticate(byte[] keyHash);

    [Alias("get")]
    Task<ActivationView?> Get();

    [Alias("audit")]
    Task<IReadOnlyList<LicenceAuditEntry>> GetAudit();

    /// <summary>"Tax Authority notified": Pending → Approved.</summary>
    [Alias("approve")]
    Task<CommandResult<ActivationView>> Approve(string actor, string? note);

    /// <summary>Pending → Rejected.</summary>
    [Alias("reject")]
    Task<CommandResult<ActivationView>> Reject(string actor, string reason);

    /// <summary>Pending or Approved → Revoked; the key stops working at once.</summary>
    [Alias("revoke")]
    Task<CommandResult<ActivationView>> Revoke(string actor, string reason);
}
