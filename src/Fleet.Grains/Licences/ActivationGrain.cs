using System.Security.Cryptography;
using Fleet.Common;
using Fleet.Pos;
using Microsoft.Extensions.Logging;

namespace Fleet.Licences;

/// <summary>One srv4pos activation, keyed by its production number. Validates, writes, audits, then
/// tells its POS (if linked) so the POS and store summaries show the licence.</summary>
public sealed class ActivationGrain(
    [PersistentState("activation", FleetStorage.Name)] IPersistentState<ActivationState> activation,
    IGrainFactory grains,
    FleetClock time,
    ILogger<ActivationGrain> logger,
    Fleet.Storage.ReadModel.FleetReadModel readModel) : Grain, IActivationGrain
{
    /// <summary>Bounds the state: an activation changes a few times a year (renewal, decisions), so
    /// this holds decades; the oldest entries go first if a client renews in a loop.</summary>
    public const int MaxAuditEntries = 256;

    private const int KeyHashLength = 32;

    private ActivationState State => activation.State;
    private bool Exists => activation.RecordExists && State.Definition is not null;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (Exists && State.PosSyncPending) await SyncPosAsync();
    }

    public async Task<CommandResult<ActivationView>> Create(
        ActivationDefinition definition, DateTimeOffset validFrom, DateTimeOffset validTo, byte[] keyHash)
    {
        CheckHash(keyHash);
        if (Exists) return CommandResult<ActivationView>.Conflict($"Production number '{this.GetPrimaryKeyString()}' is taken.");

        var now = time.GetUtcNow();
        var errors = definition.Validate().Concat(LicencePeriod.Validate(validFrom, validTo, now)).ToArray();
        if (errors.Length > 0) return CommandResult<ActivationView>.Invalid(errors);

        activation.State = new ActivationState
        {
            ProductionNumber = this.GetPrimaryKeyString(),
            Definition = definition,
            Approval = LicenceApproval.Pending,
            ValidFrom = validFrom.ToUniversalTime(),
            ValidTo = validTo.ToUniversalTime(),
            KeyHash = keyHash,
            KeyIssuedAt = now,
            CreatedAt = now,
            UpdatedAt = now,
            PosSyncPending = LinksPos(definition),
        };
        Record(now, LicenceActions.Created, LicenceActions.CashRegister, null);
        await activation.WriteStateAsync();
        await SyncPosAsync();
        return CommandResult<ActivationView>.Ok(CommandStatus.Created, View());
    }

    public async Task<RenewalOutcome> Renew(byte[] presentedKeyHash, DateTimeOffset validFrom, DateTimeOffset validTo, byte[] newKeyHash,
        IReadOnlyDictionary<string, string?> repeatedIdentity)
    {
        CheckHash(newKeyHash);
        if (!Exists) return new RenewalOutcome(RenewalStatus.UnknownKey, null, []);
        var current = Matches(State.KeyHash, presentedKeyHash);
        var previous = !State.KeyUsed && State.PreviousKeyHash is { } before && Matches(before, presentedKeyHash);
        if (!current && !previous) return new RenewalOutcome(RenewalStatus.UnknownKey, null, []);
        if (State.Approval is LicenceApproval.Rejected or LicenceApproval.Revoked)
            return new RenewalOutcome(RenewalStatus.Refused, View(), []);

        var now = time.GetUtcNow();
        // Checked only now that the key is known good, so a caller without it learns nothing of the fields.
        var stored = State.Definition!.Identity;
        var errors = repeatedIdentity
            .Where(f => !stored.TryGetValue(f.Key, out var value) || value != f.Value)
            .Select(f => new FieldError(f.Key,
                $"'{f.Key}' cannot change on renewal; renewal keeps the activation's data (create a new activation to change it)."))
            .Concat(LicencePeriod.Validate(validFrom, validTo, now))
            .ToArray();
        if (errors.Length > 0) return new RenewalOutcome(RenewalStatus.Invalid, null, errors);

        // Renewing with the previous key discards the never-used current one and keeps the
        // previous as the fallback, so retries after a lost answer keep working.
        if (current) State.PreviousKeyHash = State.KeyHash;
        State.KeyHash = newKeyHash;
        State.KeyUsed = false;
        State.KeyIssuedAt = now;
        State.ValidFrom = validFrom.ToUniversalTime();
        State.ValidTo = validTo.ToUniversalTime();
        State.UpdatedAt = now;
        State.PosSyncPending = LinksPos(State.Definition!);
        Record(now, LicenceActions.Renewed, LicenceActions.CashRegister,
            $"New period {State.ValidFrom:yyyy-MM-dd} to {State.ValidTo:yyyy-MM-dd}.");
        await activation.WriteStateAsync();
        await SyncPosAsync();
        return new RenewalOutcome(RenewalStatus.Renewed, View(), []);
    }

    public async Task<ActivationView?> Authenticate(byte[] keyHash)
    {
        if (!Exists || !Matches(State.KeyHash, keyHash)) return null;
        if (!State.KeyUsed)
        {
            // First use of a renewed key: from now on the replaced key cannot renew any more.
            State.KeyUsed = true;
            State.PreviousKeyHash = null;
            await activation.WriteStateAsync();
        }
        return View();
    }

    public Task<ActivationView?> Get() => Task.FromResult(Exists ? View() : null);

    public Task<IReadOnlyList<LicenceAuditEntry>> GetAudit() =>
        Task.FromResult<IReadOnlyList<LicenceAuditEntry>>(Exists ? State.Audit.ToArray() : []);

    public Task<CommandResult<ActivationView>> Approve(string actor, string? note) =>
        DecideAsync(LicenceApproval.Approved, LicenceActions.Approved, actor, note, required: false,
            approval => approval == LicenceApproval.Pending ? null
                : $"An activation that is {approval.ToWire()} cannot be approved.");

    public Task<CommandResult<ActivationView>> Reject(string actor, string reason) =>
        DecideAsync(LicenceApproval.Rejected, LicenceActions.Rejected, actor, reason, required: true,
            approval => approval switch
            {
                LicenceApproval.Pending => null,
                LicenceApproval.Approved => "The activation is already approved; revoke it instead.",
                _ => $"An activation that is {approval.ToWire()} cannot be rejected.",
            });

    public Task<CommandResult<ActivationView>> Revoke(string actor, string reason) =>
        DecideAsync(LicenceApproval.Revoked, LicenceActions.Revoked, actor, reason, required: true,
            approval => approval is LicenceApproval.Pending or LicenceApproval.Approved ? null
                : $"An activation that is {approval.ToWire()} cannot be revoked.");

    private async Task<CommandResult<ActivationView>> DecideAsync(
        LicenceApproval target, string action, string actor, string? reason, bool required,
        Func<LicenceApproval, string?> refusal)
    {
        if (!Exists) return CommandResult<ActivationView>.NotFound($"Activation '{this.GetPrimaryKeyString()}' does not exist.");
        var field = required ? "reason" : "note";
        var error = required ? Text.Required(field, reason, 500) : Text.Optional(field, reason, 500);
        if (error is not null) return CommandResult<ActivationView>.Invalid(error);
        if (State.Approval == target) return CommandResult<ActivationView>.Ok(CommandStatus.Unchanged, View());
        if (refusal(State.Approval) is { } conflict) return CommandResult<ActivationView>.Conflict(conflict);

        var now = time.GetUtcNow();
        State.Approval = target;
        State.DecidedAt = now;
        State.UpdatedAt = now;
        State.PosSyncPending = LinksPos(State.Definition!);
        Record(now, action, actor, reason);
        await activation.WriteStateAsync();
        await SyncPosAsync();
        return CommandResult<ActivationView>.Ok(CommandStatus.Updated, View());
    }

    private void Record(DateTimeOffset at, string action, string actor, string? reason)
    {
        State.Audit.Add(new LicenceAuditEntry(at, action, actor, reason));
        if (State.Audit.Count > MaxAuditEntries) State.Audit.RemoveRange(0, State.Audit.Count - MaxAuditEntries);
    }

    /// <summary>Tells the linked POS. The activation is already written when this runs, so a
    /// failure here is logged and retried later instead of failing a request that succeeded.</summary>
    private async Task SyncPosAsync()
    {
        if (!State.PosSyncPending || State.Definition?.PosId is not { } posId || !LinksPos(State.Definition)) return;
        try
        {
            var link = new LicenceLink(State.ProductionNumber, State.Approval, State.ValidFrom, State.ValidTo, State.CreatedAt);
            // posId is the cash register's own field: a Fleet id (store~posId), or a posId only one store has.
            if (await PosReferences.ResolveAsync(readModel, posId) is not { } posKey
                || !await grains.GetGrain<IPosGrain>(posKey).SetLicence(link))
                logger.LogInformation("POS {PosId} is not one POS of the fleet (none, or one in each of several stores); "
                    + "activation {ProductionNumber} keeps its link by id only.", posId, State.ProductionNumber);
            State.PosSyncPending = false;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Could not update POS {PosId} with activation {ProductionNumber}; will retry.",
                posId, State.ProductionNumber);
        }
    }

    /// <summary>The activation's posId is the cash register's own field: it names a Fleet POS only
    /// when it is a Fleet id, and the POS is told (and shows the licence) only when it exists.</summary>
    private static bool LinksPos(ActivationDefinition definition) => definition.PosId is { } posId && Ids.IsValid(posId);

    private static bool Matches(byte[] stored, byte[] presented) =>
        stored.Length == KeyHashLength && CryptographicOperations.FixedTimeEquals(stored, presented);

    private static void CheckHash(byte[] hash)
    {
        if (hash is not { Length: KeyHashLength })
            throw new ArgumentException("A key hash must be a SHA-256 value (32 bytes).", nameof(hash));
    }

    private ActivationView View() => new(
        State.ProductionNumber, State.Definition!, State.Approval, State.ValidFrom, State.ValidTo,
        State.CreatedAt, State.UpdatedAt, State.KeyIssuedAt, State.DecidedAt);
}
