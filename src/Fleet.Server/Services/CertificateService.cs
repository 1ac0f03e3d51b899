using Fleet.Common;
using Fleet.Pki;
using Fleet.Pos;
using Fleet.Server.Apis;
using Fleet.Server.Audit;
using Fleet.Stores;
using Fleet.Storage.ReadModel;

namespace Fleet.Server.Services;

/// <summary>Issued POS certificates and their revocation, for the REST API and the dashboard alike.
/// A revocation is written to the certificate's grain (what every silo's TLS gate asks); the POS,
/// terminal and CRL follow from there. Bulk revocations run several certificates at a time.</summary>
public sealed class CertificateService(IGrainFactory grains, FleetReadModel readModel, FleetClock time, AuditTrail audit)
{
    public Task<Page<CertificateRow>> ListAsync(CertificateFilter filter, int limit, string? cursor, CancellationToken ct = default) =>
        readModel.ListCertificatesAsync(filter, time.GetUtcNow(), limit, cursor, ct);

    public Task<IReadOnlyList<CertificateRow>> RecentlyIssuedAsync(int limit, CancellationToken ct = default) =>
        readModel.ListRecentlyIssuedCertificatesAsync(limit, ct);

    public Task<IReadOnlyList<CertificateRow>> RecentlyRevokedAsync(int limit, CancellationToken ct = default) =>
        readModel.ListRecentlyRevokedCertificatesAsync(limit, ct);

    public async Task<CertificateView?> GetAsync(string serial) =>
        TryNormalize(serial) is { } canonical ? await grains.GetGrain<ICertificateGrain>(canonical).Get() : null;

    /// <summary>RFC 5280 keyCompromise: whoever holds the key may also have renewed with it, so the
    /// whole lineage goes.</summary>
    public const int KeyCompromise = 1;

    /// <summary>Revokes one certificate; null when this fleet did not issue it. With reason
    /// keyCompromise, or when <paramref name="lineage"/> asks, every certificate linked to it by
    /// renewal (predecessors, successors, their renewals) is revoked too, each through its own grain
    /// and audited on its own.</summary>
    public async Task<CertificateView?> RevokeAsync(string serial, int reasonCode, bool lineage = false)
    {
        var view = TryNormalize(serial) is { } canonical
            ? await grains.GetGrain<ICertificateGrain>(canonical).Revoke(reasonCode, RevocationSource.Operator)
            : null;
        if (view is null) return null;
        await audit.RecordAsync("certificate.revoked", AuditTargets.Certificate, view.Record.SerialNumber,
            new { view.Record.PosId, view.Record.StoreId, reason = RevocationReasons.NameOf(reasonCode) });
        if (lineage || reasonCode == KeyCompromise)
            await RevokeLineageAsync(view, reasonCode);
        return view;
    }

    /// <summary>Walks the renewal links outward from <paramref name="start"/> (already revoked, so it
    /// links no new successor) and revokes every certificate still unrevoked. Lineages are short (a
    /// renewal per validity period, braked per certificate), so this is a handful of grain calls; the
    /// walk passes through revoked certificates too, since they may link to live ones. A walk cut
    /// short by a failure is completed by revoking again (revoked ones are skipped).</summary>
    private async Task RevokeLineageAsync(CertificateView start, int reasonCode)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal) { start.Record.SerialNumber };
        var pending = new Queue<string>(start.Neighbours);
        while (pending.TryDequeue(out var serial))
        {
            if (!seen.Add(serial)) continue;
            var grain = grains.GetGrain<ICertificateGrain>(serial);
            var view = await grain.Get();
            if (view is null) continue;
            if (!view.IsRevoked)
            {
                // Revoked first, then its links read from the answer: after its revocation it links nothing new.
                view = await grain.Revoke(reasonCode, RevocationSource.Operator) ?? view;
                await audit.RecordAsync("certificate.revoked", AuditTargets.Certificate, serial,
                    new { view.Record.PosId, view.Record.StoreId, reason = RevocationReasons.NameOf(reasonCode), lineageOf = start.Record.SerialNumber });
            }
            foreach (var next in view.Neighbours) pending.Enqueue(next);
        }
    }

    /// <summary>Revokes every unrevoked certificate of a POS (by its Fleet id); null when the POS does not exist.</summary>
    public async Task<IReadOnlyList<CertificateView>?> RevokePosAsync(string posKey, int reasonCode)
    {
        var certificates = PosKey.TryParse(posKey, out _, out _)
            ? await grains.GetGrain<IPosCertificatesGrain>(posKey).GetCertificates()
            : null;
        if (certificates is null) return null;
        var revoked = await grains.RevokeAllAsync(certificates.ActiveSerials, reasonCode, RevocationSource.Operator);
        await audit.RecordAsync("pos.certificates-revoked", AuditTargets.Pos, posKey,
            new { certificates.PosId, reason = RevocationReasons.NameOf(reasonCode), serialNumbers = revoked.Select(c => c.Record.SerialNumber).ToArray() });
        return revoked;
    }

    /// <summary>Revokes every unrevoked, unexpired certificate issued in a store (its POS's and its
    /// terminals' own), several at a time; null when the store does not exist. A store is bounded
    /// (its terminals and tills), so this answers when all are revoked.</summary>
    public async Task<IReadOnlyList<CertificateView>?> RevokeStoreAsync(string storeId, int reasonCode, CancellationToken ct = default)
    {
        if (!Ids.IsValid(storeId) || await grains.GetGrain<IStoreGrain>(storeId).Get() is null) return null;
        var serials = new List<string>();
        string? cursor = null;
        do
        {
            var page = await readModel.ListCertificatesAsync(
                new CertificateFilter(StoreId: storeId, Status: "active"), time.GetUtcNow(), FleetReadModel.MaxPageSize, cursor, ct);
            serials.AddRange(page.Items.Select(c => c.SerialNumber));
            cursor = page.NextCursor;
        } while (cursor is not null);

        var revoked = await grains.RevokeAllAsync(serials, reasonCode, RevocationSource.Operator);
        await audit.RecordAsync("store.certificates-revoked", AuditTargets.Store, storeId,
            new { reason = RevocationReasons.NameOf(reasonCode), serialNumbers = revoked.Select(c => c.Record.SerialNumber).ToArray() });
        return revoked;
    }

    private static string? TryNormalize(string serial)
    {
        try
        {
            return serial.Length <= 64 ? SerialNumbers.Normalize(serial) : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
