using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Ocsp;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Ocsp;

namespace Fleet.Pki;

/// <summary>
/// Answers RFC 6960 OCSP requests for leaves of the current issuing CA, signing with the issuing
/// CA key itself (no delegated responder certificate to manage). Revocation data comes from the
/// caller's records through a lookup delegate: the CA signs, it does not record.
/// </summary>
/// <remarks>
/// Requests about certificates of any other issuer, including a previous issuing CA whose key is
/// no longer held, are answered "unknown": only the issuer (or its delegate) may vouch for a
/// certificate. Request nonces are echoed. Thread-safe.
/// </remarks>
public sealed class OcspResponder
{
    /// <summary>A request names a few certificates in well under a kilobyte; anything this large is junk.</summary>
    public const int MaxRequestBytes = 16 * 1024;

    private readonly CertificateAuthority _ca;
    private readonly Func<string, CancellationToken, ValueTask<OcspStatus>> _lookup;
    private readonly TimeProvider _timeProvider;
    private readonly TimeSpan _validity;

    /// <summary>Creates a responder.</summary>
    /// <param name="ca">The authority whose issuing CA signs the responses.</param>
    /// <param name="lookup">Maps a canonical serial (see <see cref="SerialNumbers"/>) to its status.</param>
    /// <param name="timeProvider">Clock for producedAt/thisUpdate.</param>
    /// <param name="validity">How long a response may be cached (nextUpdate - thisUpdate); default one hour.</param>
    public OcspResponder(
        CertificateAuthority ca,
        Func<string, CancellationToken, ValueTask<OcspStatus>> lookup,
        TimeProvider timeProvider,
        TimeSpan? validity = null)
    {
        ArgumentNullException.ThrowIfNull(ca);
        ArgumentNullException.ThrowIfNull(lookup);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _ca = ca;
        _lookup = lookup;
        _timeProvider = timeProvider;
        _validity = validity ?? TimeSpan.FromHours(1);
    }

    /// <summary>Answers a DER OCSP request with a DER OCSP response (never throws for bad input: it answers malformedRequest).</summary>
    public async Task<byte[]> RespondAsync(byte[] requestDer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(requestDer);
        if (requestDer.Length > MaxRequestBytes)
        {
            return Status(OcspRespStatus.MalformedRequest);
        }

        // Everything read from the caller's bytes is read here, inside one guard: BouncyCastle's
        // parser throws all sorts (NullReferenceException included) at structurally valid DER of
        // the wrong shape, and every one of them means "malformed request", not a server fault.
        OcspReq request;
        (CertificateID Id, bool Ours)[] items;
        X509Extension? nonce;
        try
        {
            request = new OcspReq(requestDer);
            items = request.GetRequestList()
                .Select(item => item.GetCertID())
                .Select(id => (id, id.MatchesIssuer(_ca.IssuingBcCertificate)))
                .ToArray();
            nonce = request.RequestExtensions?.GetExtension(OcspObjectIdentifiers.PkixOcspNonce);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return Status(OcspRespStatus.MalformedRequest);
        }

        if (items.Length == 0)
        {
            return Status(OcspRespStatus.MalformedRequest);
        }

        var now = CertificateTemplates.TruncateToSeconds(_timeProvider.GetUtcNow());
        var generator = new BasicOcspRespGenerator(_ca.IssuingBcCertificate.GetPublicKey());
        foreach (var (id, ours) in items)
        {
            var status = ours
                ? await _lookup(SerialNumbers.ToCanonical(id.SerialNumber), cancellationToken).ConfigureAwait(false)
                : OcspStatus.Unknown;
            generator.AddResponse(id, ToBouncyCastle(status), now.UtcDateTime, (now + _validity).UtcDateTime, null);
        }

        if (nonce is not null)
        {
            generator.SetResponseExtensions(new X509Extensions(
                new Dictionary<DerObjectIdentifier, X509Extension> { [OcspObjectIdentifiers.PkixOcspNonce] = nonce }));
        }

        var basic = generator.Generate(_ca.IssuingSigner, [_ca.IssuingBcCertificate], now.UtcDateTime);
        return new OCSPRespGenerator().Generate(OcspRespStatus.Successful, basic).GetEncoded();
    }

    private static CertificateStatus? ToBouncyCastle(OcspStatus status) => status.Status switch
    {
        OcspCertificateStatus.Good => CertificateStatus.Good,
        OcspCertificateStatus.Revoked => new RevokedStatus(
            (status.RevokedAt ?? throw new ArgumentException("A revoked status needs RevokedAt.")).UtcDateTime,
            (int)status.Reason),
        _ => new UnknownStatus(),
    };

    private static byte[] Status(int status) => new OCSPRespGenerator().Generate(status, null).GetEncoded();
}
