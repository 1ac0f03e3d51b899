using Fleet.Common;
using Fleet.Pki;

namespace Fleet.Pos;

/// <summary>The certificate side of a POS (the same grain as <see cref="IPosGrain"/>, keyed by the Fleet id <see cref="PosKey.Of"/>(store, posId)).</summary>
[Alias("fleet.pos-certificates-grain")]
public interface IPosCertificatesGrain : IGrainWithStringKey
{
    /// <summary>
    /// Records a new certificate as the POS's current one, creating the POS in the certificate's
    /// store when it does not exist yet (the contract's posId is user-defined). On a pairing the
    /// previous certificates are superseded: their serials are returned for the caller to revoke.
    /// Conflict when the record names another store or posId than this grain's key.
    /// </summary>
    [Alias("attach-certificate")]
    Task<CommandResult<IReadOnlyList<string>>> AttachCertificate(CertificateRecord record, bool supersede);

    /// <summary>Drops a revoked certificate.</summary>
    [Alias("certificate-revoked")]
    Task CertificateRevoked(string serialNumber);

    /// <summary>Null when the POS does not exist.</summary>
    [Alias("get-certificates")]
    Task<PosCertificates?> GetCertificates();
}
