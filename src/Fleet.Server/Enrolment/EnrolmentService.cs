using System.Net;
using Fleet.Common;
using Fleet.Enrolment;
using Fleet.Pki;
using Fleet.Server.Apis;
using Fleet.Server.Audit;
using Fleet.Server.Pairing;
using Fleet.Server.Pki;
using Fleet.Server.Throttling;
using Fleet.Stores;
using Microsoft.Extensions.Options;

namespace Fleet.Server.Enrolment;

/// <summary>
/// Terminals' own identity, for the REST API, the dashboard and the device listener alike: an
/// operator issues a one-time enrolment code (Fleet keeps only its keyed hash, in the terminal's
/// grain); the terminal spends it once for a short-lived EC certificate of its own, which it renews
/// over mutual TLS. As in pairing: decide (the terminal's grain spends the code) → sign here, on the
/// silo that holds the connection, so the private key never crosses the cluster → record
/// (certificate, terminal) → answer.
/// </summary>
public sealed class EnrolmentService(
    IGrainFactory grains,
    AuthorityHost authority,
    EnrolmentCodes codes,
    IOptions<EnrolmentOptions> options,
    FleetClock time,
    AuditTrail audit,
    Brakes brakes,
    ILogger<EnrolmentService> logger)
{
    /// <summary>One answer for every wrong enrolment: it must not tell a guesser which part was wrong.</summary>
    public const string Refusal = "The terminal id and enrolment code do not match a live code: the code may be wrong, expired or already used.";

    /// <summary>RFC 5280 superseded: a new enrolment replaced the terminal's certificate.</summary>
    private const int Superseded = 4;

    /// <summary>Terminals asked at once by a bulk request: a store's worth, a few at a time.</summary>
    private const int BulkConcurrency = 16;

    // Refused enrolments per client address, counted cluster-wide (the one throttle every brake uses).
    private readonly Brake _addresses = brakes.For("enrolment-address", () => options.Value.AddressFailures.Policy);

    public FleetClock Clock => time;

    /// <summary>A fresh code for one terminal (an earlier one stops working); null when the terminal does not exist.</summary>
    public async Task<IssuedEnrolmentCode?> IssueCodeAsync(string terminalId)
    {
        if (!Ids.IsValid(terminalId)) return null;
        var issued = await ArmAsync(terminalId, time.GetUtcNow() + options.Value.CodeLifetime);
        // The code is a credential: the trail keeps when it expires, never the code.
        if (issued is not null)
            await audit.RecordAsync("terminal.enrolment-code-issued", AuditTargets.Terminal, terminalId, new { expiresAt = issued.ExpiresAt });
        return issued;
    }

    /// <summary>A fresh code for every terminal of a store, in one answer and one audit event. The
    /// work is bounded by the store (its own terminal list, at most <see cref="EnrolmentOptions.MaxCodesPerStore"/>).</summary>
    public async Task<StoreEnrolmentCodes> IssueStoreCodesAsync(string storeId)
    {
        var expiresAt = time.GetUtcNow() + options.Value.CodeLifetime;
        var store = Ids.IsValid(storeId) ? await grains.GetGrain<IStoreGrain>(storeId).Get() : null;
        if (store is null)
            return new StoreEnrolmentCodes(storeId, expiresAt, [], StatusCodes.Status404NotFound, $"Store '{storeId}' does not exist.");
        var limit = options.Value.MaxCodesPerStore;
        if (store.Terminals.Count > limit)
            return new StoreEnrolmentCodes(storeId, expiresAt, [], StatusCodes.Status409Conflict,
                $"Store '{storeId}' has {store.Terminals.Count} terminals, more than the {limit} one request may cover (Fleet:Enrolment:MaxCodesPerStore); issue their codes one terminal at a time.");

        var issued = new List<IssuedEnrolmentCode>(store.Terminals.Count);
        foreach (var batch in store.Terminals.Select(t => t.TerminalId).Order(StringComparer.Ordinal).Chunk(BulkConcurrency))
        {
            // A terminal decommissioned since the store listed it has no grain record: it gets no code.
            var armed = await Task.WhenAll(batch.Select(id => ArmAsync(id, expiresAt)));
            issued.AddRange(armed.OfType<IssuedEnrolmentCode>());
        }
        await audit.RecordAsync("store.enrolment-codes-issued", AuditTargets.Store, storeId,
            new { expiresAt, terminalIds = issued.Select(i => i.TerminalId).ToArray() });
        return new StoreEnrolmentCodes(storeId, expiresAt, issued);
    }

    /// <summary>The terminal's live code (never the code itself) and certificates; null when it does not exist.</summary>
    public Task<TerminalCredentialView?> GetCredentialAsync(string terminalId) =>
        Ids.IsValid(terminalId) ? Grain(terminalId).GetCredential() : Task.FromResult<TerminalCredentialView?>(null);

    /// <summary>Revokes every certificate the terminal holds as its own; null when the terminal does not exist.</summary>
    public async Task<IReadOnlyList<CertificateView>?> RevokeCredentialAsync(string terminalId, int reasonCode)
    {
        if (await GetCredentialAsync(terminalId) is not { } credential) return null;
        // Through the certificates' grains, as every revocation: each tells the terminal and the CRL.
        var revoked = await grains.RevokeAllAsync(
            credential.Certificates.Select(c => c.SerialNumber).ToArray(), reasonCode, RevocationSource.Operator);
        await audit.RecordAsync("terminal.credential-revoked", AuditTargets.Terminal, terminalId,
            new { reason = RevocationReasons.NameOf(reasonCode), serialNumbers = revoked.Select(c => c.Record.SerialNumber).ToArray() });
        return revoked;
    }

    /// <summary><c>POST /enrol</c>: spends the code, then issues, records and answers the PEM bundle.
    /// Every mismatch (unknown terminal, wrong, expired or used code) is the same 401.</summary>
    public async Task<PairingResult> EnrolAsync(EnrolmentRequest request, IPAddress? client)
    {
        var address = ClientAddresses.KeyOf(client);
        if (await _addresses.RetryAfterAsync(address) is { } wait)
            return PairingResult.Refused(StatusCodes.Status429TooManyRequests, "Too many attempts",
                "Too many refused enrolments from this address; wait before trying again.", wait);
        if (string.IsNullOrWhiteSpace(request.TerminalId))
            return PairingResult.Refused(StatusCodes.Status400BadRequest, "Bad request", "'terminalId' is required.");
        if (string.IsNullOrWhiteSpace(request.EnrolmentCode))
            return PairingResult.Refused(StatusCodes.Status400BadRequest, "Bad request", "'enrolmentCode' is required.");
        if (!Ids.IsValid(request.TerminalId) || !EnrolmentCodes.TryNormalize(request.EnrolmentCode, out var code))
            return await FailAsync(address);

        var claim = await Grain(request.TerminalId).RedeemEnrolmentCode(codes.Hash(request.TerminalId, code));
        if (!claim.Accepted) return await FailAsync(address);
        var result = await IssueAndRecordAsync(request.TerminalId, claim.StoreId!, renewedFrom: null, client);
        if (result.Succeeded)
        {
            await _addresses.ForgiveAsync(address);
            logger.LogInformation("Terminal {TerminalId} enrolled.", request.TerminalId);
        }
        return result;
    }

    private async Task<PairingResult> FailAsync(string address)
    {
        await _addresses.CountAsync(address);
        return Refused();
    }

    /// <summary><c>POST /terminals/{id}/renew</c> over mutual TLS: a fresh certificate linked to the
    /// presented one (its lineage), which stays valid until the new one is first used or the renewal
    /// grace ends (<c>Fleet:Pairing:RenewalGrace</c>), so a renewal lost in transit can be retried.</summary>
    public async Task<PairingResult> RenewAsync(TerminalCertificateInfo current, IPAddress? client)
    {
        var claim = await Grain(current.TerminalId).AuthorizeRenewal(current.SerialNumber);
        if (!claim.Accepted)
            return PairingResult.Refused(StatusCodes.Status403Forbidden, "Forbidden",
                "This certificate is no longer one of the terminal's own (revoked, or the terminal was decommissioned).");
        return await IssueAndRecordAsync(current.TerminalId, claim.StoreId!, renewedFrom: current.SerialNumber, client);
    }

    private async Task<IssuedEnrolmentCode?> ArmAsync(string terminalId, DateTimeOffset expiresAt)
    {
        var code = codes.Generate();
        return await Grain(terminalId).ArmEnrolmentCode(codes.Hash(terminalId, code), expiresAt)
            ? new IssuedEnrolmentCode(terminalId, code, expiresAt)
            : null;
    }

    private async Task<PairingResult> IssueAndRecordAsync(string terminalId, string storeId, string? renewedFrom, IPAddress? client)
    {
        var kind = renewedFrom is null ? CertificateKinds.Enrolment : CertificateKinds.TerminalRenewal;
        var issued = authority.Authority.IssueTerminalCertificate(new TerminalCertificateRequest
        {
            TerminalId = terminalId,
            StoreId = storeId,
            Validity = options.Value.CertificateValidity,
        });
        var record = new CertificateRecord(issued.SerialNumber, PosId: "", terminalId, storeId,
            issued.NotBefore, issued.NotAfter, time.GetUtcNow(), kind, renewedFrom);

        var certificate = grains.GetGrain<ICertificateGrain>(issued.SerialNumber);
        await certificate.Record(record);
        // Linked before anything is handed out; a predecessor revoked meanwhile refuses the link
        // (its lineage's revocation must not miss a successor).
        if (renewedFrom is not null && !await grains.GetGrain<ICertificateGrain>(renewedFrom).LinkSuccessor(issued.SerialNumber))
        {
            await certificate.Revoke(0, RevocationSource.Terminal);
            return PairingResult.Refused(StatusCodes.Status403Forbidden, "Forbidden", "This certificate has been revoked; it cannot renew.");
        }
        // A new enrolment replaces whatever the terminal held (a reset or swapped device); a renewal adds.
        var held = await Grain(terminalId).RecordCertificate(
            new TerminalCertificate(issued.SerialNumber, record.IssuedAt, issued.NotAfter, renewedFrom), supersede: renewedFrom is null);
        if (!held.Succeeded)
        {
            // Recorded but never handed out (the terminal was decommissioned meanwhile): the record says so.
            await certificate.Revoke(0, RevocationSource.Terminal);
            return renewedFrom is null
                ? Refused()
                : PairingResult.Refused(StatusCodes.Status403Forbidden, "Forbidden", "The terminal was decommissioned.");
        }

        foreach (var serial in held.Value!)
            await grains.GetGrain<ICertificateGrain>(serial).Revoke(Superseded, RevocationSource.Terminal);
        // The serial only: the bundle holds the private key.
        await audit.RecordAsync(renewedFrom is null ? "terminal.enrolled" : "terminal.certificate-renewed", AuditTargets.Terminal, terminalId,
            new { storeId, serialNumber = issued.SerialNumber, notAfter = issued.NotAfter, renewedFrom, superseded = held.Value!.ToArray() },
            AuditActor.Terminal(terminalId, client));
        return PairingResult.Ok(issued.PemBundle);
    }

    private ITerminalEnrolmentGrain Grain(string terminalId) => grains.GetGrain<ITerminalEnrolmentGrain>(terminalId);

    private static PairingResult Refused() =>
        PairingResult.Refused(StatusCodes.Status401Unauthorized, "Unauthorized", Refusal);
}
