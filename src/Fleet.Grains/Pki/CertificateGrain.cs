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
        State.Record is null ? null : new CertificateView(State.Record, State.RevokedAt, State.ReasonCode);
}
