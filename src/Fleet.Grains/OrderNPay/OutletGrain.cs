using System.Security.Cryptography;
using System.Text;
using Fleet.Common;
using Microsoft.Extensions.Options;

namespace Fleet.OrderNPay;

/// <summary>
/// One outlet's integration, tokens, connection and durable message queue. Delivery is pulled:
/// the socket loop (on whatever silo holds the WebSocket) calls <see cref="Pull"/> and, when there
/// is nothing new, <see cref="WaitForChange"/>, which returns as soon as a message is enqueued or
/// another connection takes over. Nothing here depends on where the socket lives, so it works
/// across silos and after this grain moves to another silo.
/// </summary>
public sealed class OutletGrain(
    [PersistentState("order-n-pay-outlet", FleetStorage.Name)] IPersistentState<OutletState> outlet,
    IOptions<OrderNPayOptions> options,
    FleetClock time) : Grain, IOutletGrain
{
    private const int MaxBatch = 100;

    private OutletState State => outlet.State;
    private bool Exists => outlet.RecordExists && State.PosRemoteId is not null;
    private OrderNPayOptions Options => options.Value;

    // In memory only: a change counter and its signal for waiting socket loops. Starts at a
    // random value so that a loop holding a version from an earlier activation never matches.
    private long _version = Random.Shared.NextInt64();
    private TaskCompletionSource _changed = NewSignal();
    private DateTimeOffset? _lastSeen;

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken ct)
    {
        if (Exists && _lastSeen > State.LastSeenAt && State.ConnectionId is not null)
        {
            State.LastSeenAt = _lastSeen;
            await outlet.WriteStateAsync();
        }
        _changed.TrySetResult();
    }

    public Task<OutletView?> Get() => Task.FromResult(Exists ? View() : null);

    public Task<SecretParameters?> GetSecretParameters() => Task.FromResult(Exists ? State.Secret!.Parameters : null);

    public async Task<CommandResult<OutletView>> Configure(OutletConfiguration configuration)
    {
        var created = !Exists;
        var errors = Validation.Collect(
            Text.Required("posRemoteId", configuration.PosRemoteId, 200),
            created && configuration.NewSecret is null ? new FieldError("authSecret", "'authSecret' is required for a new integration.") : null);
        if (errors.Count > 0) return CommandResult<OutletView>.Invalid([.. errors]);

        var now = time.GetUtcNow();
        var secretChanged = created || !SameSecret(configuration);
        var remoteChanged = !created && !string.Equals(State.PosRemoteId, configuration.PosRemoteId, StringComparison.Ordinal);
        if (!secretChanged && !remoteChanged) return CommandResult<OutletView>.Ok(CommandStatus.Unchanged, View());

        State.StoreId = this.GetPrimaryKeyString();
        if (created) State.CreatedAt = now;
        State.UpdatedAt = now;
        State.PosRemoteId = configuration.PosRemoteId;
        if (secretChanged)
        {
            State.Secret = configuration.NewSecret;
            State.SecretUpdatedAt = now;
        }
        // New credentials: every token issued under the old ones is void, and so is the socket.
        State.Tokens.Clear();
        EndConnection(now);
        await outlet.WriteStateAsync();
        Signal();
        return CommandResult<OutletView>.Ok(created ? CommandStatus.Created : CommandStatus.Updated, View());
    }

    public async Task<CommandResult<OutletView>> Remove()
    {
        if (!Exists) return CommandResult<OutletView>.NotFound(NoIntegration());
        if (State.Pending.Count > 0)
            return CommandResult<OutletView>.Conflict(
                $"Store '{State.StoreId}' still has {State.Pending.Count} unacknowledged Order N Pay message(s); "
                + "they must be delivered before the integration is removed.");
        var last = View();
        await outlet.ClearStateAsync();
        outlet.State = new OutletState { StoreId = last.ProviderOutletId };
        Signal();
        return CommandResult<OutletView>.Ok(CommandStatus.Deleted, last);
    }

    public async Task<AuthResult> Authenticate(AuthAttempt attempt)
    {
        if (!Exists) return new AuthResult(AuthOutcome.UnknownOutlet, null);
        if (!FixedTimeEquals(attempt.PosRemoteId, State.PosRemoteId!)) return new AuthResult(AuthOutcome.PosRemoteIdMismatch, null);
        var secret = State.Secret!;
        if (!secret.Salt.AsSpan().SequenceEqual(attempt.Parameters.Salt) || secret.Iterations != attempt.Parameters.Iterations)
            return new AuthResult(AuthOutcome.SecretChanged, null);
        if (!CryptographicOperations.FixedTimeEquals(secret.Hash, attempt.DerivedSecret))
            return new AuthResult(AuthOutcome.SecretInvalid, null);

        var now = time.GetUtcNow();
        var expiresAt = now + Options.TokenLifetime;
        State.Tokens.RemoveAll(t => t.ExpiresAt <= now);
        State.Tokens.Add(new IssuedToken(attempt.TokenHash, expiresAt));
        if (State.Tokens.Count > Options.MaxOutstandingTokens)
            State.Tokens.RemoveRange(0, State.Tokens.Count - Options.MaxOutstandingTokens);
        await outlet.WriteStateAsync();
        return new AuthResult(AuthOutcome.Issued, expiresAt);
    }

    public async Task<ConnectResult> Connect(byte[] tokenHash, Guid connectionId)
    {
        if (!Exists) return ConnectResult.Refused;
        var now = time.GetUtcNow();
        var valid = false;
        // Compare against every live token so the time taken does not say which one matched.
        foreach (var token in State.Tokens)
            valid |= token.ExpiresAt > now & CryptographicOperations.FixedTimeEquals(token.Hash, tokenHash);
        if (!valid) return ConnectResult.Refused;

        // Only a connection still seen counts as replaced: one whose silo died left its id behind.
        var previousSeen = _lastSeen > State.LastSeenAt ? _lastSeen : State.LastSeenAt;
        var replaced = previousSeen is { } seen && now - seen < Options.ConnectionStaleAfter ? State.ConnectionId : null;
        var replacedSince = State.ConnectedSince;
        State.ConnectionId = connectionId;
        State.ConnectedSince = now;
        State.LastSeenAt = now;
        _lastSeen = now;
        State.Tokens.RemoveAll(t => t.ExpiresAt <= now);
        await outlet.WriteStateAsync();
        // Wakes the previous connection's loop, which then learns it was superseded.
        Signal();
        return new ConnectResult(true, replaced, replaced is null ? null : replacedSince);
    }

    public async Task<PullResult> Pull(Guid connectionId, long afterSequence)
    {
        if (!Exists || State.ConnectionId != connectionId) return new PullResult(true, [], _version);

        var now = time.GetUtcNow();
        _lastSeen = now;
        if (State.LastSeenAt is not { } stored || now - stored >= Options.PersistLastSeenEvery)
        {
            State.LastSeenAt = now;
            await outlet.WriteStateAsync();
        }
        var batch = State.Pending.Where(m => m.Sequence > afterSequence).Take(MaxBatch).ToArray();
        return new PullResult(false, batch, _version);
    }

    public async Task WaitForChange(long version, TimeSpan maxWait)
    {
        if (version != _version) return;
        // Real time on purpose: this bounds a transport wait (kept under the grain call timeout),
        // it is not domain time; a test's frozen clock must not stall delivery.
        var wait = maxWait > TimeSpan.FromSeconds(25) ? TimeSpan.FromSeconds(25) : maxWait;
        await Task.WhenAny(_changed.Task, Task.Delay(wait));
    }

    public async Task<bool> Ack(string messageId)
    {
        if (!Exists) return false;
        var index = State.Pending.FindIndex(m => m.MessageId == messageId);
        if (index < 0) return false;

        var now = time.GetUtcNow();
        var acked = State.Pending[index] with { AckedAt = now };
        State.Pending.RemoveAt(index);
        State.Acked.Add(acked);
        if (State.Acked.Count > Options.AckedHistory) State.Acked.RemoveRange(0, State.Acked.Count - Options.AckedHistory);
        State.LastAckAt = now;
        await outlet.WriteStateAsync();
        return true;
    }

    public async Task Disconnect(Guid connectionId)
    {
        if (!Exists || State.ConnectionId != connectionId) return;
        EndConnection(time.GetUtcNow());
        await outlet.WriteStateAsync();
        Signal();
    }

    public async Task<CommandResult<OutletMessage>> Enqueue(NewOutletMessage message)
    {
        if (!Exists) return CommandResult<OutletMessage>.NotFound(NoIntegration());
        var errors = message.Validate(Options.MaxPayloadBytes);
        if (errors.Count > 0) return CommandResult<OutletMessage>.Invalid([.. errors]);

        if (message.MessageId is { } id && Find(id) is { } existing)
        {
            return existing.Type == message.Type && existing.PayloadJson == message.PayloadJson
                ? CommandResult<OutletMessage>.Ok(CommandStatus.Unchanged, existing)
                : CommandResult<OutletMessage>.Conflict($"Message '{id}' already exists with a different type or payload.");
        }
        if (State.Pending.Count >= Options.MaxPendingMessages)
            return CommandResult<OutletMessage>.Conflict(
                $"Store '{State.StoreId}' already has {State.Pending.Count} unacknowledged messages, the most it may hold; "
                + "wait for the POS to acknowledge them.");

        var created = new OutletMessage(
            message.MessageId ?? Guid.NewGuid().ToString(), State.LastSequence + 1, message.Type, message.PayloadJson,
            time.GetUtcNow(), null);
        State.LastSequence = created.Sequence;
        State.Pending.Add(created);
        await outlet.WriteStateAsync();
        Signal();
        return CommandResult<OutletMessage>.Ok(CommandStatus.Created, created);
    }

    public Task<CommandResult<IReadOnlyList<OutletMessage>>> ListMessages(MessageState state) => Task.FromResult(
        !Exists
            ? CommandResult<IReadOnlyList<OutletMessage>>.NotFound(NoIntegration())
            : CommandResult<IReadOnlyList<OutletMessage>>.Ok(CommandStatus.Unchanged, state == MessageState.Pending
                ? State.Pending.ToArray()
                : Enumerable.Reverse(State.Acked).ToArray()));

    private OutletMessage? Find(string messageId) =>
        State.Pending.Find(m => m.MessageId == messageId) ?? State.Acked.Find(m => m.MessageId == messageId);

    private bool SameSecret(OutletConfiguration configuration) =>
        configuration.NewSecret is null
        || (configuration.SecretUnderCurrentSalt is { } derived
            && CryptographicOperations.FixedTimeEquals(derived, State.Secret!.Hash));

    private void EndConnection(DateTimeOffset now)
    {
        if (State.ConnectionId is null) return;
        State.ConnectionId = null;
        State.ConnectedSince = null;
        State.LastDisconnectedAt = now;
    }

    private void Signal()
    {
        _version++;
        var previous = _changed;
        _changed = NewSignal();
        previous.TrySetResult();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private static bool FixedTimeEquals(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(a), Encoding.UTF8.GetBytes(b));

    private string NoIntegration() => $"Store '{this.GetPrimaryKeyString()}' has no Order N Pay integration.";

    private OutletView View()
    {
        var now = time.GetUtcNow();
        var lastSeen = _lastSeen > State.LastSeenAt ? _lastSeen : State.LastSeenAt;
        var connected = State.ConnectionId is not null && lastSeen is { } seen && now - seen < Options.ConnectionStaleAfter;
        return new OutletView(
            State.StoreId, State.PosRemoteId!, State.CreatedAt, State.UpdatedAt, State.SecretUpdatedAt,
            new OutletConnection(connected, connected ? State.ConnectedSince : null, lastSeen, State.LastAckAt, State.LastDisconnectedAt),
            State.Pending.Count, State.Pending.Count == 0 ? null : State.Pending[0].CreatedAt);
    }
}
