using Fleet.Common;
using Fleet.Pairing;
using Fleet.Pos;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Utilities;

namespace Fleet.Pki;

/// <summary>One issued certificate. Every silo asks this one activation whether a client
/// certificate is still good, so a revocation written here is seen by the very next handshake
/// anywhere in the cluster.</summary>
public sealed class CertificateGrain : Grain, ICertificateGrain
{
    private readonly IPersistentState<CertificateState> _certificate;
    private readonly IGrainFactory _grains;
    private readonly FleetClock _time;
    private readonly ObserverManager<ICertificateWatcher> _watchers;
    private readonly TimeSpan _renewalGrace;

    /// <summary>RFC 5280 superseded: a renewal of this certificate replaced it.</summary>
    private const int Superseded = 4;

    public CertificateGrain(
        [PersistentState("certificate", FleetStorage.Name)] IPersistentState<CertificateState> certificate,
        IGrainFactory grains,
        FleetClock time,
        IOptions<PairingOptions> options,
        ILogger<CertificateGrain> logger)
    {
        _certificate = certificate;
        _grains = grains;
        _time = time;
        // Watchers renew every WatchRenewal; three missed renewals and they are dropped.
        _watchers = new ObserverManager<ICertificateWatcher>(options.Value.WatchRenewal * 3, logger);
        _renewalGrace = options.Value.RenewalGrace;
    }

    private CertificateState State => _certificate.State;

    public async Task Record(CertificateRecord record)
    {
        if (State.Record == record) return;
        if (State.Record is not null)
            throw new InvalidOperationException($"Certificate {record.SerialNumber} is already recorded with other facts.");
        State.Record = record;
        await _certificate.WriteStateAsync();
    }

    public Task<CertificateView?> Get() => Task.FromResult(View());

    public async Task<CertificateView?> Revoke(int reasonCode, RevocationSource source)
    {
        if (State.Record is not { } record) return null;
        if (State.RevokedAt is null)
        {
            State.RevokedAt = _time.GetUtcNow();
            State.ReasonCode = reasonCode;
            await _certificate.WriteStateAsync();
        }

        // Repeated on a second call, so a revocation whose follow-ups failed half-way can be retried.
        // A terminal's own certificate has no POS to tell.
        if (source != RevocationSource.Pos && !record.IsTerminalCredential)
            await _grains.GetGrain<IPosCertificatesGrain>(PosKey.Of(record.StoreId, record.PosId)).CertificateRevoked(record.SerialNumber);
        if (source != RevocationSource.Terminal)
            await _grains.GetGrain<ITerminalPairingGrain>(record.TerminalId).CertificateRevoked(record.SerialNumber);
        // The read-model row is written with the state above, so the CRL's next signing lists it;
        // this only tells the CRL's owner that one is due (it signs on its own timer).
        await _grains.GetGrain<ICrlGrain>(ICrlGrain.FleetKey).MarkStale();

        var view = View()!;
        _watchers.Notify(w => w.Revoked(view));
        return view;
    }

    public async Task<bool> LinkSuccessor(string successorSerial)
    {
        // Refused once revoked: a revocation walks the lineage from what is linked when it is
        // written, so a successor linked after it would escape the walk.
        if (State.Record is null || State.RevokedAt is not null) return false;
        var successors = State.Successors ??= [];
        if (successors.Contains(successorSerial)) return true;
        successors.Add(successorSerial);
        State.RenewedAt ??= _time.GetUtcNow();
        await _certificate.WriteStateAsync();
        return true;
    }

    public async Task<string[]?> Supersede(string successorSerial)
    {
        // Only a renewal of this very certificate can supersede it.
        if (State.Record is null || State.RevokedAt is not null || State.Successors?.Contains(successorSerial) != true) return null;
        await Revoke(Superseded, RevocationSource.Lineage);
        return State.Successors!.Where(s => s != successorSerial).ToArray();
    }

    public async Task<bool> WithdrawUnused()
    {
        if (State.Record?.RenewedFrom is null || State.RevokedAt is not null || State.FirstUsedAt is not null) return false;
        await Revoke(Superseded, RevocationSource.Lineage);
        return true;
    }

    public async Task<bool> EndGrace()
    {
        if (View() is not { } view || !view.GraceEndedAt(_time.GetUtcNow(), _renewalGrace)) return false;
        await Revoke(Superseded, RevocationSource.Lineage);
        return true;
    }

    public async Task RecordFirstUse()
    {
        if (State.Record?.RenewedFrom is null || State.FirstUsedAt is not null) return;
        State.FirstUsedAt = _time.GetUtcNow();
        await _certificate.WriteStateAsync();
    }

    public Task<CertificateView?> Watch(ICertificateWatcher watcher)
    {
        _watchers.Subscribe(watcher, watcher);
        return Task.FromResult(View());
    }

    public Task Unwatch(ICertificateWatcher watcher)
    {
        _watchers.Unsubscribe(watcher);
        return Task.CompletedTask;
    }

    private CertificateView? View() =>
        State.Record is null ? null : new CertificateView(State.Record, State.RevokedAt, State.ReasonCode,
            State.Successors is { Count: > 0 } successors ? successors.ToArray() : null, State.RenewedAt, State.FirstUsedAt);
}
