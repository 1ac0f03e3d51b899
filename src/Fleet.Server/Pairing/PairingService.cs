using System.Net;
using System.Text.Json;
using Fleet.Common;
using Fleet.Pairing;
using Fleet.Pki;
using Fleet.Pos;
using Fleet.Server.Audit;
using Fleet.Server.Http;
using Fleet.Server.Pki;
using Fleet.Server.Throttling;
using Microsoft.Extensions.Options;

namespace Fleet.Server.Pairing;

/// <summary>
/// Pairing and renewal, shared by <c>POST /</c>, the pairing WebSocket and <c>POST /renew</c>:
/// decide (the setup code's grain spends the code exactly once) → sign here, on the silo that holds
/// the connection, so the new private key never crosses the cluster network → record (certificate,
/// POS, superseded certificates, terminal) → answer. Nothing is answered before it is recorded.
/// </summary>
public sealed class PairingService(
    IGrainFactory grains,
    AuthorityHost authority,
    SetupCodes codes,
    SetupCodeSecrets secrets,
    Brakes brakes,
    IOptions<PairingOptions> options,
    FleetClock time,
    ILogger<PairingService> logger,
    AuditTrail audit)
{
    /// <summary>RFC 5280 superseded: a new pairing replaced the certificate.</summary>
    private const int Superseded = 4;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    // Failed redemptions per client address, counted cluster-wide: a per-silo count would give an
    // attacker one budget per silo behind the load balancer.
    private readonly Brake _addresses = brakes.For("pairing-address", () =>
        new(options.Value.MaxAddressFailures, options.Value.AddressFailureWindow, options.Value.AddressMaxBackoff));

    // Renewals per certificate, counted cluster-wide: each one mints a certificate, so a stolen key
    // renewing in a loop must be stopped wherever its requests land.
    private readonly Brake _renewals = brakes.For("renewal-certificate", () =>
        new(options.Value.RenewalsPerCertificate, options.Value.RenewalWindow, options.Value.RenewalWindow * 7));

    public async Task<PairingResult> PairAsync(string body, IPAddress? client)
    {
        if (await _addresses.RetryAfterAsync(ClientAddresses.KeyOf(client)) is { } wait)
            return PairingResult.Refused(StatusCodes.Status429TooManyRequests, "Too many attempts",
                "Too many failed pairing attempts from this address; wait before trying again.", wait);

        var (request, invalid) = Parse(body);
        if (invalid is not null) return invalid;

        if (!codes.TryParse(request!.SetupCode, out var code)) return await FailAsync(client, "The setup code is not valid.");
        // Everything that can refuse this request is asked before the code is spent: after the
        // claim, a refusal would leave the POS with a used code and no certificate.
        if (CertificateAuthority.CheckClientIdentity(request.PosId, terminalId: null, storeId: null) is { } unfit)
            return BadRequest(unfit);
        var claim = await grains.GetGrain<ISetupCodeGrain>(secrets.IndexOf(code)).Claim(request.PosId!);
        switch (claim.Outcome)
        {
            case ClaimOutcome.Claimed: break;
            case ClaimOutcome.Locked:
                return PairingResult.Refused(StatusCodes.Status429TooManyRequests, "Too many attempts", claim.Message!,
                    claim.LockedUntil - time.GetUtcNow());
            default:
                return await FailAsync(client, claim.Message ?? "The setup code is not valid.");
        }

        var issued = await IssueAndRecordAsync(request.PosId!, claim.TerminalId!, claim.StoreId!, "pairing", supersede: true, client, renewedFrom: null);
        if (issued.Succeeded)
            logger.LogInformation("POS {PosId} paired through terminal {TerminalId}.", request.PosId, claim.TerminalId);
        return issued;
    }

    /// <summary>A fresh certificate for the caller's own identity, linked to the presented one (its
    /// lineage). The old certificate stays valid until the new one is first used or the renewal grace
    /// ends (<c>RenewalGrace</c>), so a renewal lost in transit can be retried.</summary>
    public async Task<PairingResult> RenewAsync(ClientCertificateInfo current, IPAddress? client = null)
    {
        if (current.StoreId is null)
            return PairingResult.Refused(StatusCodes.Status403Forbidden, "Forbidden", "This certificate carries no store.");
        // Counted before the certificate is minted: the count's grain takes concurrent renewals one
        // at a time, so a burst from one certificate cannot slip several past the limit. The event
        // that starts the block is the limit's last allowed one.
        var blocked = await _renewals.RetryAfterAsync(current.SerialNumber);
        if (blocked is null && await _renewals.CountAsync(current.SerialNumber) is { BlockedFor: { } wait, BlockStarted: false })
            blocked = wait;
        if (blocked is { } retryAfter)
            return PairingResult.Refused(StatusCodes.Status429TooManyRequests, "Too many renewals",
                $"This certificate was renewed {options.Value.RenewalsPerCertificate} times within {options.Value.RenewalWindow}; " +
                "renew with the newest certificate, or wait.", retryAfter);
        return await IssueAndRecordAsync(current.PosId, current.TerminalId, current.StoreId, "renewal", supersede: false, client,
            renewedFrom: current.SerialNumber);
    }

    private async Task<PairingResult> IssueAndRecordAsync(
        string posId, string terminalId, string storeId, string kind, bool supersede, IPAddress? client, string? renewedFrom)
    {
        var issued = authority.Authority.IssueClientCertificate(new ClientCertificateRequest
        {
            PosId = posId,
            TerminalId = terminalId,
            StoreId = storeId,
            KeyAlgorithm = options.Value.KeyAlgorithm,
            Validity = options.Value.CertificateValidity,
        });
        var record = new CertificateRecord(issued.SerialNumber, posId, terminalId, storeId,
            issued.NotBefore, issued.NotAfter, time.GetUtcNow(), kind, renewedFrom);

        var certificate = grains.GetGrain<ICertificateGrain>(issued.SerialNumber);
        await certificate.Record(record);
        // The predecessor learns of its successor before anything is handed out; it refuses once
        // revoked, so a renewal racing a revocation of its lineage never yields a live certificate.
        if (renewedFrom is not null && !await grains.GetGrain<ICertificateGrain>(renewedFrom).LinkSuccessor(issued.SerialNumber))
        {
            await certificate.Revoke(0, RevocationSource.Pos);
            return PairingResult.Refused(StatusCodes.Status403Forbidden, "Forbidden", "This certificate has been revoked; it cannot renew.");
        }
        var posKey = PosKey.Of(storeId, posId);
        var attached = await grains.GetGrain<IPosCertificatesGrain>(posKey).AttachCertificate(record, supersede);
        if (!attached.Succeeded)
        {
            // Recorded but never handed out: revoke it so the record says what happened.
            await certificate.Revoke(0, RevocationSource.Pos);
            return PairingResult.Refused(
                attached.Status == CommandStatus.Conflict ? StatusCodes.Status409Conflict : StatusCodes.Status404NotFound,
                attached.Status == CommandStatus.Conflict ? "Conflict" : "Not found", attached.Message ?? "The POS cannot be paired.");
        }

        foreach (var serial in attached.Value!)
            await grains.GetGrain<ICertificateGrain>(serial).Revoke(Superseded, RevocationSource.Pos);
        await grains.GetGrain<ITerminalPairingGrain>(terminalId)
            .RecordActivation(new ActivationRecord(posId, issued.SerialNumber, record.IssuedAt, issued.NotAfter, storeId));
        // The serial only: the bundle holds the private key. A re-pairing names the certificates it superseded.
        await audit.RecordAsync(kind == "pairing" ? "pos.paired" : "certificate.renewed", AuditTargets.Pos, posKey,
            new { posId, terminalId, storeId, serialNumber = issued.SerialNumber, notAfter = issued.NotAfter, renewedFrom, superseded = attached.Value!.ToArray() },
            AuditActor.Pos(posKey, posId, client));
        return PairingResult.Ok(issued.PemBundle);
    }

    private async Task<PairingResult> FailAsync(IPAddress? client, string message)
    {
        await _addresses.CountAsync(ClientAddresses.KeyOf(client));
        return PairingResult.Refused(StatusCodes.Status401Unauthorized, "Unauthorized", message);
    }

    private static (PairingRequest? Request, PairingResult? Error) Parse(string body)
    {
        PairingRequest? request;
        try
        {
            // A UTF-8 BOM before the JSON is accepted, as by the other two contracts' endpoints.
            request = JsonSerializer.Deserialize<PairingRequest>(Utf8Text.WithoutBom(body), Json);
        }
        catch (JsonException e)
        {
            return (null, BadRequest($"The body must be a JSON object {{\"posId\", \"setupCode\"}} ({e.Message.Split(" Path:")[0]})."));
        }
        catch (InvalidOperationException)
        {
            return (null, BadRequest("A string in the body holds a lone UTF-16 surrogate escape (such as \\ud800), which is not text."));
        }

        if (request is null) return (null, BadRequest("The body must be a JSON object {\"posId\", \"setupCode\"}."));
        if (string.IsNullOrEmpty(request.PosId)) return (null, BadRequest("'posId' is required."));
        if (string.IsNullOrWhiteSpace(request.SetupCode)) return (null, BadRequest("'setupCode' is required."));
        var (posId, error) = PosIds.Normalize("posId", request.PosId);
        if (error is not null) return (null, BadRequest(error.Message));
        return (request with { PosId = posId }, null);
    }

    private static PairingResult BadRequest(string detail) =>
        PairingResult.Refused(StatusCodes.Status400BadRequest, "Bad request", detail);
}
