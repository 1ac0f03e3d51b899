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

    /// <summary>Revokes one certificate; null when this fleet did not issue it.</summary>
    public async Task<CertificateView?> RevokeAsync(string serial, int reasonCode)
    {
        var view = TryNormalize(serial) is { } canonical
            ? await grains.GetGrain<ICertificateGrain>(canonical).Revoke(reasonCode, RevocationSource.Operator)
            : null;
        if (view is not null)
            await audit.RecordAsync("certificate.revoked", AuditTargets.Certificate, view.Record.SerialNumber,
                new { view.Record.PosId, view.Record.StoreId, reason = RevocationReasons.NameOf(reasonCode) });
        return view;
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
