using Fleet.Common;
using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Fleet.Pki;
using Fleet.Pairing;
using Fleet.Server.Hosting;
using Microsoft.Extensions.Options;

namespace Fleet.Server.Pki;

/// <summary>This silo's loaded certificate authority and the TLS certificate its listeners present.
/// Loaded once at start-up from the CA grain; the server certificate renews itself lazily well
/// before it expires, so a long-running silo never serves an expired one.</summary>
public sealed class AuthorityHost(
    KeyProtector protector,
    IOptions<FleetEndpointOptions> endpoints,
    IOptions<CertificateAuthorityOptions> authorityOptions,
    IOptions<PairingOptions> pairing,
    FleetClock time,
    SiloCertificates siloCertificates,
    IHostApplicationLifetime lifetime,
    ILogger<AuthorityHost> logger) : ISiloAuthority, IDisposable
{
    private static readonly TimeSpan ServerCertificateValidity = TimeSpan.FromDays(90);
    private static readonly TimeSpan RenewBefore = TimeSpan.FromDays(30);

    private readonly Lock _gate = new();
    private CertificateAuthority? _authority;
    private SslStreamCertificateContext? _serverContext;
    private SslStreamCertificateContext? _configuredContext;
    private RsaKeyPool? _rsaKeyPool;

    public bool IsReady => _authority is not null;

    public CertificateAuthority Authority =>
        _authority ?? throw new InvalidOperationException("The certificate authority is not loaded yet.");

    /// <summary>The issuing-CA generation this silo has loaded.</summary>
    public int Generation { get; private set; }

    public async Task InitializeAsync(IGrainFactory grains)
    {
        var record = await grains.GetGrain<ICertificateAuthorityGrain>(ICertificateAuthorityGrain.FleetKey).GetOrCreate();
        // POS keys are made ahead of demand: RSA-2048 generation costs far more than signing.
        // They are made once the host has started: at start-up the cores go to becoming ready (a POS
        // pairing before then generates its key inline, as it does whenever the pool is empty).
        if (pairing.Value.RsaKeyPoolSize > 0 && pairing.Value.KeyAlgorithm == LeafKeyAlgorithm.Rsa2048)
        {
            var pool = _rsaKeyPool = new RsaKeyPool(pairing.Value.RsaKeyPoolSize, maxConcurrency: 1, fillNow: false);
            lifetime.ApplicationStarted.Register(pool.StartFilling);
        }
        Load(record);
        // So that whoever fetches root.pem without trust yet can check it against the server's own word.
        logger.LogInformation("Fleet root CA: {Subject}, SHA-256 fingerprint {Fingerprint}.",
            Authority.RootCertificate.Subject, Authority.RootCertificate.GetCertHashString(System.Security.Cryptography.HashAlgorithmName.SHA256));

        var options = endpoints.Value;
        if (options.CertificatePath is not null)
        {
            var configured = X509Certificate2.CreateFromPemFile(options.CertificatePath, options.CertificateKeyPath);
            _configuredContext = SslStreamCertificateContext.Create(configured, additionalCertificates: null, offline: true);
            logger.LogInformation("Serving HTTPS with the configured certificate {Subject}.", configured.Subject);
        }
    }

    /// <summary>Reloads the CA when its issuing CA was rotated (on any silo) since this silo loaded it.</summary>
    public async Task RefreshAsync(IGrainFactory grains)
    {
        var ca = grains.GetGrain<ICertificateAuthorityGrain>(ICertificateAuthorityGrain.FleetKey);
        if (await ca.GetGeneration() == Generation) return;
        Load(await ca.GetOrCreate());
        logger.LogInformation("Loaded the fleet's issuing CA generation {Generation}.", Generation);
    }

    private void Load(AuthorityMaterial record)
    {
        var material = CertificateAuthorityGrain.ToMaterial(record);
        var loaded = new CertificateAuthority(material, protector, time, authorityOptions.Value, _rsaKeyPool);
        lock (_gate)
        {
            // The one replaced is left to the garbage collector rather than disposed: requests in
            // flight may still be signing or verifying with it.
            _authority = loaded;
            Generation = record.Generation;
            _serverContext = null; // re-issued on the next handshake, chained to the new issuing CA
        }
        // The silo's cluster certificate follows a rotation too (it loaded the CA before the silo joined).
        if (siloCertificates.Generation != record.Generation) siloCertificates.Load(record);
    }

    /// <summary>What both listeners present: the configured certificate, or one issued by the
    /// fleet's own CA for localhost, loopback, this machine and the configured host names, sent
    /// with its issuing CA so that clients holding only the root can verify it.</summary>
    public SslStreamCertificateContext ServerCertificateContext
    {
        get
        {
            if (_configuredContext is not null) return _configuredContext;
            var current = _serverContext;
            if (current is not null && !NeedsRenewal(current)) return current;
            lock (_gate)
            {
                if (_serverContext is null || NeedsRenewal(_serverContext))
                {
                    _serverContext = SslStreamCertificateContext.Create(
                        IssueServerCertificate(), [Authority.IssuingCertificate], offline: true);
                }
                return _serverContext;
            }
        }
    }

    private bool NeedsRenewal(SslStreamCertificateContext context) =>
        context.TargetCertificate.NotAfter.ToUniversalTime() - time.GetUtcNow().UtcDateTime <= RenewBefore;

    public void Dispose()
    {
        _authority?.Dispose();
        _rsaKeyPool?.Dispose();
    }

    private X509Certificate2 IssueServerCertificate()
    {
        var dns = new List<string> { "localhost", Environment.MachineName };
        var ips = new List<IPAddress> { IPAddress.Loopback, IPAddress.IPv6Loopback };
        foreach (var name in endpoints.Value.HostNames)
        {
            if (IPAddress.TryParse(name, out var ip)) ips.Add(ip);
            else dns.Add(name);
        }
        var certificate = Authority.IssueServerCertificate(dns.Distinct(), ips.Distinct(), ServerCertificateValidity);
        logger.LogInformation("Issued the HTTPS server certificate for {Names} (valid until {NotAfter:u}).",
            string.Join(", ", dns.Concat(ips.Select(i => i.ToString()))), certificate.NotAfter.ToUniversalTime());
        return certificate;
    }
}
