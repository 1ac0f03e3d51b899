namespace Fleet.Pki;

/// <summary>One issued client certificate, keyed by its canonical serial. The single source of
/// truth for "is this certificate still good", asked on every mutual-TLS connection on every silo.</summary>
[Alias("fleet.certificate")]
public interface ICertificateGrain : IGrainWithStringKey
{
    /// <summary>Records a freshly issued certificate (idempotent for the same record).</summary>
    [Alias("record")]
    Task Record(CertificateRecord record);

    /// <summary>Null for a serial Fleet never recorded.</summary>
    [Alias("get")]
    Task<CertificateView?> Get();

    /// <summary>Revokes with an RFC 5280 reason code, tells the POS and terminal (except the
    /// <paramref name="source"/>), regenerates the CRL and notifies watchers. Null for an unknown
    /// serial; revoking twice keeps the first revocation.</summary>
    [Alias("revoke")]
    Task<CertificateView?> Revoke(int reasonCode, RevocationSource source);

    /// <summary>Watches for revocation; renew before the expiry given to
    /// <c>Fleet:Pairing:WatchRenewal</c>. Returns the current view.</summary>
    [Alias("watch")]
    Task<CertificateView?> Watch(ICertificateWatcher watcher);

    [Alias("unwatch")]
    Task Unwatch(ICertificateWatcher watcher);
}
