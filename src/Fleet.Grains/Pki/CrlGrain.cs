using System.Diagnostics;
using Fleet.Common;
using Fleet.Pairing;
using Fleet.Storage.ReadModel;
using Microsoft.Extensions.Options;

namespace Fleet.Pki;

/// <summary>The fleet's CRL and its only signer. Revocations mark it stale; a one-shot timer
/// started by the first mark signs once the signing interval has passed, listing every revocation
/// recorded until then. Its entries come from the certificates read model, which the certificate
/// grains update in the same transaction as their state before marking, so a signing that starts
/// after a mark always includes that revocation. The CRL number is stored, so it only ever grows:
/// one number per signing.</summary>
public sealed class CrlGrain(
    [PersistentState("crl", FleetStorage.Name)] IPersistentState<CrlState> crl,
    FleetReadModel readModel,
    ISiloAuthority authority,
    IOptions<PairingOptions> options,
    FleetClock time) : Grain, ICrlGrain
{
    /// <summary>Read-model rows per query while collecting the entries.</summary>
    private const int PageSize = 10_000;

    private bool _stale;
    private Task<CrlSnapshot>? _signing;
    private IGrainTimer? _timer;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // A revocation may have marked an earlier activation that ended before its timer fired. The
        // read model says whether one was recorded since the CRL held here was signed; only then does
        // this activation sign (an idle fleet's CRL is not re-signed by whoever happens to read it).
        if (crl.State.Current is { } current && await readModel.AnyRevokedSinceAsync(current.ThisUpdate, cancellationToken))
            MarkStaleCore();
    }

    public async Task<CrlSnapshot> Get()
    {
        var now = time.GetUtcNow();
        if (crl.State.Current is { } current && current.NextUpdate > now)
        {
            // Old but valid for days yet: served as it is, re-signed in the background.
            if (now - current.ThisUpdate >= options.Value.CrlRefreshAfter)
            {
                _stale = true;
                Schedule(TimeSpan.Zero);
            }
            return current;
        }
        // None yet (or expired): readers arriving together share one signing.
        return await (_signing is { IsCompleted: false } running ? running : SignAsync());
    }

    public Task MarkStale()
    {
        MarkStaleCore();
        return Task.CompletedTask;
    }

    public async Task<CrlSnapshot> SignIfStale()
    {
        // A signing under way lists everything recorded before it started; a later revocation has
        // marked the CRL stale again and gets a signing of its own.
        if (_signing is { IsCompleted: false } running && !_stale) return await running;
        return _stale || crl.State.Current is null ? await SignAsync() : crl.State.Current;
    }

    public Task<CrlSnapshot> Regenerate() => SignAsync();

    private void MarkStaleCore()
    {
        if (_stale) return;
        _stale = true;
        Schedule(options.Value.CrlSigningInterval);
    }

    /// <summary>One pending timer at most. It keeps the activation alive until it fires, so a
    /// stale CRL is signed even if nobody reads it.</summary>
    private void Schedule(TimeSpan due)
    {
        if (_timer is not null)
        {
            if (due == TimeSpan.Zero) _timer.Change(due, Timeout.InfiniteTimeSpan);
            return;
        }
        _timer = this.RegisterGrainTimer(OnTimerAsync, new GrainTimerCreationOptions(due, Timeout.InfiniteTimeSpan)
        {
            Interleave = true,
            KeepAlive = true,
        });
    }

    private async Task OnTimerAsync(CancellationToken ct)
    {
        _timer?.Dispose();
        _timer = null;
        if (_stale) await SignAsync();
    }

    /// <summary>One signing at a time; a caller that finds one running waits for it, then signs
    /// again (what it waited for may have started before its revocation was recorded).</summary>
    private async Task<CrlSnapshot> SignAsync()
    {
        while (_signing is { IsCompleted: false } running)
        {
            try
            {
                await running;
            }
            catch (Exception)
            {
                // Its own caller sees the failure; this one tries again.
            }
        }

        var signing = SignOnceAsync();
        _signing = signing;
        try
        {
            return await signing;
        }
        finally
        {
            if (_signing == signing) _signing = null;
        }
    }

    private async Task<CrlSnapshot> SignOnceAsync()
    {
        // Cleared before the entries are read: a revocation marked from here on may be missed by
        // this read, and gets the next signing.
        _stale = false;
        var started = Stopwatch.GetTimestamp();
        try
        {
            // Whole seconds: that is all a CRL's UTCTime carries, and thisUpdate should equal what is signed.
            var now = DateTimeOffset.FromUnixTimeSeconds(time.GetUtcNow().ToUnixTimeSeconds());
            var entries = new List<RevokedCertificate>();
            await foreach (var r in readModel.StreamRevokedCertificatesAsync(now, PageSize))
                entries.Add(new RevokedCertificate(r.SerialNumber, r.RevokedAt, (RevocationReason)r.ReasonCode));
            var number = (crl.State.Current?.CrlNumber ?? 0) + 1;
            var next = now + options.Value.CrlValidity;
            var ca = authority.Authority;
            // Encoding and signing 100k entries is CPU work of a second or so: done off the grain's
            // turn, so the revocations marking the CRL stale meanwhile are not held up behind it.
            var der = await Task.Run(() => ca.GenerateCrl(entries, number, now, next));
            crl.State.Current = new CrlSnapshot(number, now, next, der, entries.Count, Stopwatch.GetElapsedTime(started));
            await crl.WriteStateAsync();
            return crl.State.Current;
        }
        catch
        {
            // Nothing signed: the revocations waiting for it wait for the next attempt.
            _stale = false;
            MarkStaleCore();
            throw;
        }
    }
}
