using Fleet.Common;
using Orleans.Concurrency;

namespace Fleet.OrderNPay;

/// <summary>One store's PowerEPOS "Order N Pay" integration, keyed by store id (which is also the
/// <c>ProviderOutletID</c> Fleet gives PowerEPOS). Holds the POSRemoteID, the salted hash of the
/// shared AuthSecret, the hashes of outstanding access tokens, the live connection's id and the
/// outlet's message queue. Every silo reaches the same activation, so the socket (on whichever
/// silo accepted it) and the REST API agree on one truth.</summary>
[Alias("fleet.order-n-pay-outlet")]
public interface IOutletGrain : IGrainWithStringKey
{
    /// <summary>The integration without its secret, or null when the store has none.</summary>
    [Alias("get")]
    Task<OutletView?> Get();

    /// <summary>Salt and iterations of the stored secret hash, so that the caller derives the key
    /// outside the grain (PBKDF2 is deliberately slow); null when there is no integration.</summary>
    [Alias("secret-parameters")]
    Task<SecretParameters?> GetSecretParameters();

    /// <summary>Creates or updates the integration. A changed POSRemoteID or secret invalidates all
    /// outstanding tokens and closes the live connection.</summary>
    [Alias("configure")]
    Task<CommandResult<OutletView>> Configure(OutletConfiguration configuration);

    /// <summary>Removes the integration; Conflict while messages are still waiting for an ack.</summary>
    [Alias("remove")]
    Task<CommandResult<OutletView>> Remove();

    /// <summary>Checks an auth request and, when it is good, records the new token's hash.</summary>
    [Alias("authenticate")]
    Task<AuthResult> Authenticate(AuthAttempt attempt);

    /// <summary>Redeems a token for a connection: accepted when the token is known and unexpired; the
    /// connection then replaces any earlier one, which the result names.</summary>
    [Alias("connect-v2")]
    Task<ConnectResult> Connect(byte[] tokenHash, Guid connectionId);

    /// <summary>The pending messages after <paramref name="afterSequence"/> for this connection, or
    /// <see cref="PullResult.Superseded"/> when another connection has replaced it.</summary>
    [Alias("pull")]
    Task<PullResult> Pull(Guid connectionId, long afterSequence);

    /// <summary>Returns once anything changed since <paramref name="version"/> (a message, a new
    /// connection) or after <paramref name="maxWait"/>. Interleaves: it only waits, never writes.</summary>
    [Alias("wait"), AlwaysInterleave]
    Task WaitForChange(long version, TimeSpan maxWait);

    /// <summary>Acknowledges a message; false when it is unknown or already acknowledged.</summary>
    [Alias("ack")]
    Task<bool> Ack(string messageId);

    /// <summary>Records that the connection ended (no-op when it was already replaced).</summary>
    [Alias("disconnect")]
    Task Disconnect(Guid connectionId);

    /// <summary>Queues a message durably; Unchanged when a message with the same id already exists.</summary>
    [Alias("enqueue")]
    Task<CommandResult<OutletMessage>> Enqueue(NewOutletMessage message);

    /// <summary>Pending messages in delivery order, or the most recently acknowledged ones.</summary>
    [Alias("messages")]
    Task<CommandResult<IReadOnlyList<OutletMessage>>> ListMessages(MessageState state);
}
