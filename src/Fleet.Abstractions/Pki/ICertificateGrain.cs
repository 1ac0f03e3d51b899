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

    /// <summary>Links a certificate just renewed from this one (written before the renewal is
    /// answered). False when this certificate is unknown or already revoked: a renewal racing a
    /// revocation must not hand out a successor the revocation's lineage walk could miss.</summary>
    [Alias("link-successor")]
    Task<bool> LinkSuccessor(string successorSerial);

    /// <summary>Revokes this certificate as superseded because <paramref name="successorSerial"/>,
    /// one of its own renewals, has been used. Null when this call did not revoke it; otherwise its
    /// other renewals (usually none), which the caller withdraws with <see cref="WithdrawUnused"/>.
    /// (The caller, not this grain, calls them: a grain calling grains that call back into the POS
    /// could close a cycle with a POS revoking its certificates.)</summary>
    [Alias("supersede")]
    Task<string[]?> Supersede(string successorSerial);

    /// <summary>Revokes this renewal as superseded if it has never been used: a sibling renewal of its
    /// predecessor was used instead (the answer to this one was lost, or someone else holds the old
    /// key). True when this call revoked it.</summary>
    [Alias("withdraw-unused")]
    Task<bool> WithdrawUnused();

    /// <summary>Revokes this certificate as superseded when the renewal grace
    /// (<c>Fleet:Pairing:RenewalGrace</c>) has passed since it was first renewed: checked lazily by
    /// the gate when the certificate is presented, so no timer runs per certificate; the gate calls it
    /// only while one of its renewals is still usable. True when this call revoked it.</summary>
    [Alias("end-grace")]
    Task<bool> EndGrace();

    /// <summary>Records that this renewed certificate passed the gate for the first time (one write,
    /// only the first time; later calls change nothing).</summary>
    [Alias("record-first-use")]
    Task RecordFirstUse();

    /// <summary>Watches for revocation; renew before the expiry given to
    /// <c>Fleet:Pairing:WatchRenewal</c>. Returns the current view.</summary>
    [Alias("watch")]
    Task<CertificateView?> Watch(ICertificateWatcher watcher);

    [Alias("unwatch")]
    Task Unwatch(ICertificateWatcher watcher);
}
