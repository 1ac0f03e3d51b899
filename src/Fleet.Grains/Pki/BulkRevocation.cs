namespace Fleet.Pki;

/// <summary>Revokes many certificates through their grains, several at a time: each revocation is a
/// durable write of its own (grouped with the others by the storage's group commit) and only marks
/// the CRL stale, so a batch costs about as long as its slowest few writes, not the sum of them.</summary>
public static class BulkRevocation
{
    /// <summary>Revocations in flight at once: enough to fill a group-commit batch, few enough not
    /// to flood one silo's scheduler with a large store.</summary>
    public const int Concurrency = 32;

    /// <summary>The views of the certificates revoked (or already revoked), in the order given;
    /// serials this fleet never recorded are left out.</summary>
    public static async Task<IReadOnlyList<CertificateView>> RevokeAllAsync(
        this IGrainFactory grains, IReadOnlyList<string> serials, int reasonCode, RevocationSource source)
    {
        var views = new CertificateView?[serials.Count];
        var next = -1;
        async Task RevokeNextAsync()
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < serials.Count)
                views[i] = await grains.GetGrain<ICertificateGrain>(serials[i]).Revoke(reasonCode, source);
        }

        await Task.WhenAll(Enumerable.Range(0, Math.Min(Concurrency, serials.Count)).Select(_ => RevokeNextAsync()));
        return views.OfType<CertificateView>().ToArray();
    }
}
