using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Fleet.Pki;
using Microsoft.Extensions.Options;

namespace Fleet.Server.Pki;

/// <summary>
/// This silo's certificate for the Orleans ports (silo-to-silo and the gateway) and the check of its
/// peers'. The certificate is issued by the fleet's own CA to this silo, in memory (never stored);
/// it renews itself lazily well before it expires and is re-issued after an issuing-CA rotation,
/// like the listeners' certificate. Peers are admitted only with a certificate chaining to the
/// fleet's root and carrying the silo purpose (<see cref="FleetKeyPurposes.Silo"/>).
/// </summary>
/// <remarks>Runs on the real clock: this is plumbing between processes, whose peers check validity
/// against their own real clocks, not fleet time (which tests move by days).</remarks>
public sealed class SiloCertificates(
    KeyProtector protector,
    IOptions<CertificateAuthorityOptions> authorityOptions,
    TimeProvider time,
    ILogger<SiloCertificates> logger) : IDisposable
{
    public static readonly TimeSpan Validity = TimeSpan.FromDays(90);
    public static readonly TimeSpan RenewBefore = TimeSpan.FromDays(30);

    private readonly Lock _gate = new();
    private CertificateAuthority? _authority;
    private SslStreamCertificateContext? _context;
    private string _siloName = Environment.MachineName;

    /// <summary>The issuing-CA generation the certificate comes from (0 before the first load).</summary>
    public int Generation { get; private set; }

    /// <summary>Loads the CA record (at start-up, before the silo listens, and again after an
    /// issuing-CA rotation); the certificate is re-issued from it at the next handshake.</summary>
    public void Load(AuthorityMaterial record, string? siloName = null)
    {
        var loaded = new CertificateAuthority(CertificateAuthorityGrain.ToMaterial(record), protector, time, authorityOptions.Value);
        lock (_gate)
        {
            // The one replaced is left to the garbage collector: a handshake may still be using it.
            _authority = loaded;
            Generation = record.Generation;
            if (siloName is not null) _siloName = siloName;
            _context = null;
        }
    }

    /// <summary>What this silo presents, sent with its issuing CA so that a peer that has not yet
    /// loaded a rotation can still build the chain to the root.</summary>
    public SslStreamCertificateContext Context
    {
        get
        {
            var current = _context;
            if (current is not null && !NeedsRenewal(current)) return current;
            lock (_gate)
            {
                if (_context is null || NeedsRenewal(_context))
                {
                    var authority = _authority
                        ?? throw new InvalidOperationException("The silo certificate is not available before the certificate authority is loaded.");
                    var certificate = authority.IssueSiloCertificate(_siloName, Validity);
                    _context = SslStreamCertificateContext.Create(certificate, [authority.IssuingCertificate], offline: true);
                    logger.LogInformation("Issued this silo's cluster certificate {Subject} (generation {Generation}, valid until {NotAfter:u}).",
                        certificate.Subject, Generation, certificate.NotAfter.ToUniversalTime());
                }
                return _context;
            }
        }
    }

    /// <summary>Whether a peer (another silo, or a gateway client) may connect: the chain to our
    /// root and the silo purpose; anything else is refused, and said so in the log.</summary>
    public bool Admits(X509Certificate2 certificate, X509Chain? presented)
    {
        var authority = _authority;
        if (authority is null)
        {
            logger.LogWarning("Refused an Orleans connection from {Subject}: the certificate authority is not loaded yet.", certificate.Subject);
            return false;
        }

        // What the peer sent beside its certificate: its issuing CA. Trusted only if our root signed it.
        var intermediates = new List<X509Certificate2>();
        if (presented is not null)
        {
            intermediates.AddRange(presented.ChainPolicy.ExtraStore);
            intermediates.AddRange(presented.ChainElements.Select(e => e.Certificate).Where(c => !c.RawDataMemory.Span.SequenceEqual(certificate.RawDataMemory.Span)));
        }

        if (authority.VerifySiloCertificate(certificate, intermediates, out var error)) return true;
        logger.LogWarning("Refused an Orleans connection presenting {Subject} (issuer {Issuer}): {Reason}",
            certificate.Subject, certificate.Issuer, error);
        return false;
    }

    private bool NeedsRenewal(SslStreamCertificateContext context) =>
        context.TargetCertificate.NotAfter.ToUniversalTime() - time.GetUtcNow().UtcDateTime <= RenewBefore;

    public void Dispose() => _authority?.Dispose();
}
