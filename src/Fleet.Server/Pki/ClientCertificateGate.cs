using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using Fleet.Common;
using Fleet.Pairing;
using Fleet.Pki;
using Fleet.Pos;
using Fleet.Server.Apis;
using Fleet.Server.Audit;
using Microsoft.Extensions.Options;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;
using Microsoft.AspNetCore.Http.Features;

namespace Fleet.Server.Pki;

/// <summary>
/// The device listener's client-certificate check, in two halves. During the TLS handshake
/// (<see cref="ValidateDuringHandshake"/>) the chain must lead to Fleet's root with clientAuth and
/// be within validity: a foreign or expired certificate fails the handshake itself. Right after the
/// handshake, before any HTTP byte is read (<see cref="InvokeAsync"/>), the certificate's grain is
/// asked whether it is recorded and unrevoked, and the identity it carries (POS, terminal, store) is
/// compared with the record of its serial; if anything is off, the connection is dropped. The grain
/// is the one truth for every silo, so a revocation holds on the very next connection anywhere.
/// <para>Renewal lineage is settled here, lazily, so nothing scans certificates or runs a timer per
/// certificate: the first time a renewed certificate passes, its predecessor is superseded (two grain
/// writes, once); a renewed certificate presented after the renewal grace is revoked as superseded
/// and refused. Every other pass reads one grain and writes nothing.</para>
/// </summary>
public sealed class ClientCertificateGate(
    AuthorityHost authority, IGrainFactory grains, FleetClock time, IOptions<PairingOptions> options, AuditTrail audit,
    ILogger<ClientCertificateGate> logger)
{
    /// <summary>RFC 5280 superseded.</summary>
    private const int Superseded = 4;

    /// <summary>Serials whose identity mismatch this silo has already logged at Warning and audited.
    /// Bounded: past it the set starts over, which costs at most a repeated line.</summary>
    private const int MaxReportedMismatches = 10_000;

    private readonly ConcurrentDictionary<string, byte> _reportedMismatches = new(StringComparer.Ordinal);

    /// <summary>SslStream's validation callback: no certificate is fine (pairing, <c>/ca.pem</c>);
    /// a presented one must chain to our root.</summary>
    public bool ValidateDuringHandshake(X509Certificate? certificate)
    {
        if (certificate is null) return true;
        using var copy = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        if (authority.Authority.VerifyChain(copy, out var error)) return true;
        // SslStream ends a handshake it refuses here without a TLS alert (on Linux at least), so the
        // client sees only a closed connection: the reason is in this line.
        logger.LogInformation("Refused a client certificate at the TLS handshake ({Subject}): {Error}", copy.Subject, error);
        return false;
    }

    public async Task InvokeAsync(ConnectionContext connection, ConnectionDelegate next)
    {
        var presented = connection.Features.Get<ITlsConnectionFeature>()?.ClientCertificate;
        if (presented is not null)
        {
            // A POS's certificate or an enrolled terminal's own: never both (the terminal purpose
            // makes a certificate unreadable as a POS's).
            var pos = authority.Authority.ReadClientCertificate(presented);
            var terminal = pos is null ? authority.Authority.ReadTerminalCertificate(presented) : null;
            var address = (connection.RemoteEndPoint as IPEndPoint)?.Address;
            var serial = pos?.SerialNumber ?? terminal?.SerialNumber;
            var refusal = serial is null ? "no Fleet identity" : await CheckAsync(serial, pos, terminal, address);
            if (refusal is not null)
            {
                if (refusal != IdentityMismatch)
                    logger.LogInformation("Closed a connection from {Address} presenting certificate {Serial}: {Why}.",
                        connection.RemoteEndPoint, serial ?? presented.SerialNumber, refusal);
                await CloseAsync(connection);
                return;
            }

            if (pos is not null) connection.Features.Set(new DeviceClientFeature(pos));
            else connection.Features.Set(new TerminalClientFeature(terminal!));
        }

        await next(connection);
    }

    /// <summary>Is the POS certificate of this connection still good now? Asked again on every
    /// mutual-TLS request, so revocation (and the end of a renewal grace) also ends kept-alive connections.</summary>
    public async Task<bool> IsActiveAsync(ClientCertificateInfo pos, IPAddress? address) =>
        await CheckAsync(pos.SerialNumber, pos, null, address) is null;

    /// <summary>The same for an enrolled terminal's own certificate.</summary>
    public async Task<bool> IsActiveAsync(TerminalCertificateInfo terminal, IPAddress? address) =>
        await CheckAsync(terminal.SerialNumber, null, terminal, address) is null;

    private const string IdentityMismatch = "identity differs from its record";

    /// <summary>Null when the certificate may pass; otherwise why not.</summary>
    private async Task<string?> CheckAsync(string serial, ClientCertificateInfo? pos, TerminalCertificateInfo? terminal, IPAddress? address)
    {
        var grain = grains.GetGrain<ICertificateGrain>(serial);
        var status = await grain.Get();
        var now = time.GetUtcNow();
        var refusal = status is null ? "never recorded"
            : status.IsRevoked ? "revoked"
            : !status.IsActiveAt(now) ? "not valid now"
            : !Matches(status.Record, pos, terminal) ? IdentityMismatch
            : null;
        if (refusal == IdentityMismatch) await ReportMismatchAsync(status!.Record, pos, terminal, address);
        if (refusal is not null) return refusal;

        // A renewal that is itself dead (revoked alone, or expired) replaces nothing: the old
        // certificate then stays, at the cost of reading its renewals when it is presented.
        if (status!.GraceEndedAt(now, options.Value.RenewalGrace) && await AnyActiveAsync(status.Successors!, now))
        {
            if (await grain.EndGrace())
            {
                await audit.RecordAsync("certificate.revoked", AuditTargets.Certificate, serial,
                    new { status.Record.PosId, status.Record.StoreId, reason = RevocationReasons.NameOf(Superseded), renewedTo = status.SuccessorSerial, graceEnded = true },
                    ActorOf(status.Record, address));
                return "superseded by its renewal (grace ended)";
            }
            // Someone else settled it meanwhile: ask again.
            if (await grain.Get() is not { } again || !again.IsActiveAt(now)) return "revoked";
        }

        if (status.AwaitsFirstUse)
        {
            // Predecessor first: a failure before the write below is simply redone on the next use.
            var predecessor = status.Record.RenewedFrom!;
            if (await grains.GetGrain<ICertificateGrain>(predecessor).Supersede(serial) is { } siblings)
            {
                await AuditSupersededAsync(predecessor, status.Record, address);
                // Other renewals of the predecessor that were never used go too: a lost answer, or
                // someone else renewing with the old key. One already in use stays (for an operator).
                foreach (var sibling in siblings)
                {
                    if (await grains.GetGrain<ICertificateGrain>(sibling).WithdrawUnused())
                        await AuditSupersededAsync(sibling, status.Record, address);
                }
            }
            await grain.RecordFirstUse();
        }
        return null;
    }

    private async Task<bool> AnyActiveAsync(IEnumerable<string> serials, DateTimeOffset now)
    {
        foreach (var serial in serials)
        {
            if (await grains.GetGrain<ICertificateGrain>(serial).Get() is { } view && view.IsActiveAt(now)) return true;
        }
        return false;
    }

    private Task AuditSupersededAsync(string superseded, CertificateRecord by, IPAddress? address) =>
        audit.RecordAsync("certificate.revoked", AuditTargets.Certificate, superseded,
            new { by.PosId, by.StoreId, reason = RevocationReasons.NameOf(Superseded), supersededBy = by.SerialNumber },
            ActorOf(by, address));

    // The record is what Fleet issued under this serial: the identity the certificate carries must be
    // that record's — a terminal's certificate recorded as that terminal's own (in its store), a POS's
    // as that POS's (posId, the terminal it paired through, its store). Only someone who can sign with
    // the issuing CA could present a real serial with another identity, so a mismatch is an alarm.
    private static bool Matches(CertificateRecord record, ClientCertificateInfo? pos, TerminalCertificateInfo? terminal) =>
        terminal is not null
            ? record.IsTerminalCredential && record.TerminalId == terminal.TerminalId && record.StoreId == terminal.StoreId
            : pos is not null && !record.IsTerminalCredential
              && record.PosId == pos.PosId && record.TerminalId == pos.TerminalId && record.StoreId == pos.StoreId;

    /// <summary>Once per serial on this silo: a Warning line and an audit event. Repeats (a device
    /// retrying in a loop) go to Debug, so they cannot flood the log or the trail.</summary>
    private async Task ReportMismatchAsync(CertificateRecord record, ClientCertificateInfo? pos, TerminalCertificateInfo? terminal, IPAddress? address)
    {
        if (_reportedMismatches.Count >= MaxReportedMismatches) _reportedMismatches.Clear();
        if (!_reportedMismatches.TryAdd(record.SerialNumber, 0))
        {
            logger.LogDebug("Closed a connection from {Address} presenting certificate {Serial}: {Why} (reported before).",
                address, record.SerialNumber, IdentityMismatch);
            return;
        }
        var presented = pos is not null
            ? new { kind = "pos", posId = (string?)pos.PosId, terminalId = pos.TerminalId, storeId = pos.StoreId }
            : new { kind = "terminal", posId = (string?)null, terminalId = terminal!.TerminalId, storeId = (string?)terminal.StoreId };
        logger.LogWarning(
            "Closed a connection from {Address} presenting certificate {Serial}: {Why}. It names {Presented}; the record is {Kind} " +
            "posId={PosId} terminal={TerminalId} store={StoreId}. Only a holder of the issuing CA's key can make such a certificate.",
            address, record.SerialNumber, IdentityMismatch, presented, record.Kind, record.PosId, record.TerminalId, record.StoreId);
        await audit.RecordAsync("certificate.identity-mismatch", AuditTargets.Certificate, record.SerialNumber,
            new { presented, recorded = new { record.Kind, record.PosId, record.TerminalId, record.StoreId } },
            AuditActor.System with { Name = "Fleet (mutual-TLS gate)", Address = (address is { IsIPv4MappedToIPv6: true } ? address.MapToIPv4() : address)?.ToString() });
    }

    private static AuditActor ActorOf(CertificateRecord record, IPAddress? address) => record.IsTerminalCredential
        ? AuditActor.Terminal(record.TerminalId, address)
        : AuditActor.Pos(PosKey.Of(record.StoreId, record.PosId), record.PosId, address);

    /// <summary>The handshake is over, so no handshake alert can be sent any more; a TLS close
    /// (close_notify) at least tells the client the server ended the session on purpose, before
    /// the connection is dropped, rather than a bare reset.</summary>
    private static async Task CloseAsync(ConnectionContext connection)
    {
        if (connection.Features.Get<ISslStreamFeature>()?.SslStream is { } tls)
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await tls.ShutdownAsync().WaitAsync(timeout.Token);
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException or InvalidOperationException)
            {
                // The client is already gone: nothing to tell it.
            }
        }
        connection.Abort(new ConnectionAbortedException("The client certificate is not accepted."));
    }
}
