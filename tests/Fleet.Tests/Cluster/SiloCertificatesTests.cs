using System.Security.Cryptography.X509Certificates;
using Fleet.Pki;
using Fleet.Server.Pki;
using Fleet.Tests.Infrastructure;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Fleet.Tests.Cluster;

/// <summary>A silo's cluster certificate lives like the listeners' one: issued by the fleet's CA when
/// the CA is loaded, renewed once 30 days or less are left, re-issued from a new issuing CA after a
/// rotation; and the peer check admits this fleet's silos, old issuing CA or new, and nobody else.</summary>
public sealed class SiloCertificatesTests : IDisposable
{
    private static readonly KeyProtector Protector = new("silo certificates test", KeyProtector.MinimumIterations);
    private static readonly CertificateAuthorityOptions Options = new() { Algorithm = CaKeyAlgorithm.EcP256 };

    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private readonly LogCapture _logs = new();
    private readonly ILoggerFactory _loggers;
    private readonly SiloCertificates _silo;
    private readonly CertificateAuthorityMaterial _material;

    public SiloCertificatesTests()
    {
        _loggers = LoggerFactory.Create(logging => logging.AddProvider(_logs));
        _silo = new SiloCertificates(Protector, Microsoft.Extensions.Options.Options.Create(Options), _time, _loggers.CreateLogger<SiloCertificates>());
        _material = CertificateAuthorityFactory.Create(Options, Protector, _time);
    }

    public void Dispose()
    {
        _silo.Dispose();
        _loggers.Dispose();
    }

    [Fact]
    public void There_is_no_certificate_before_the_ca_is_loaded_and_nobody_is_admitted()
    {
        Assert.Throws<InvalidOperationException>(() => _silo.Context);
        using var ca = Authority(_material);
        using var peer = ca.IssueSiloCertificate("peer", TimeSpan.FromDays(1));
        Assert.False(_silo.Admits(peer, presented: null));
    }

    [Fact]
    public void The_certificate_is_kept_until_30_days_are_left_then_renewed()
    {
        _silo.Load(CertificateAuthorityGrain.ToRecord(_material, generation: 1), "silo-a");
        var first = _silo.Context.TargetCertificate;
        Assert.Equal("CN=silo:silo-a, OU=cluster, O=Fleet", first.Subject);
        Assert.Equal(_time.GetUtcNow().AddDays(90).UtcDateTime, first.NotAfter.ToUniversalTime(), TimeSpan.FromSeconds(1));

        _time.Advance(TimeSpan.FromDays(59));
        Assert.Equal(first.SerialNumber, _silo.Context.TargetCertificate.SerialNumber);

        _time.Advance(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1));
        var renewed = _silo.Context.TargetCertificate;
        Assert.NotEqual(first.SerialNumber, renewed.SerialNumber);
        Assert.Equal(_time.GetUtcNow().AddDays(90).UtcDateTime, renewed.NotAfter.ToUniversalTime(), TimeSpan.FromSeconds(1));
    }

    [Fact]
    public void After_an_issuing_ca_rotation_the_certificate_comes_from_the_new_one_and_both_generations_are_admitted()
    {
        _silo.Load(CertificateAuthorityGrain.ToRecord(_material, generation: 1), "silo-a");
        var before = _silo.Context;
        Assert.Equal("CN=Fleet Issuing CA 1, O=Fleet", before.TargetCertificate.Issuer);

        using var old = Authority(_material);
        var rotated = old.RotateIssuing();
        _silo.Load(CertificateAuthorityGrain.ToRecord(rotated, generation: 2));
        Assert.Equal(2, _silo.Generation);
        var after = _silo.Context;
        Assert.Equal("CN=Fleet Issuing CA 2, O=Fleet", after.TargetCertificate.Issuer);
        Assert.Equal("CN=silo:silo-a, OU=cluster, O=Fleet", after.TargetCertificate.Subject);

        // A peer still on the old issuing CA, and one already on the new.
        Assert.True(_silo.Admits(PublicOnly(before.TargetCertificate), presented: null));
        Assert.True(_silo.Admits(PublicOnly(after.TargetCertificate), presented: null));
    }

    [Fact]
    public void A_pos_certificate_of_this_fleet_and_a_silo_certificate_of_another_are_refused_and_logged()
    {
        _silo.Load(CertificateAuthorityGrain.ToRecord(_material, generation: 1), "silo-a");
        using var ca = Authority(_material);
        var pos = ca.IssueClientCertificate(new ClientCertificateRequest { PosId = "p", TerminalId = "t", KeyAlgorithm = LeafKeyAlgorithm.EcP256 });
        using var posCertificate = X509Certificate2.CreateFromPem(pos.LeafPem);
        var otherMaterial = CertificateAuthorityFactory.Create(Options, Protector, _time);
        using var other = Authority(otherMaterial);
        using var foreign = other.IssueSiloCertificate("intruder", TimeSpan.FromDays(1));
        // What a peer would send along: its own chain, which must not make its root ours.
        using var presented = new X509Chain();
        presented.ChainPolicy.ExtraStore.Add(other.IssuingCertificate);
        presented.ChainPolicy.ExtraStore.Add(other.RootCertificate);

        var mark = _logs.Mark();
        Assert.False(_silo.Admits(posCertificate, presented: null));
        Assert.False(_silo.Admits(foreign, presented));
        var refusals = _logs.Since(mark, typeof(SiloCertificates).FullName!);
        Assert.Equal(2, refusals.Count);
        Assert.All(refusals, r => Assert.Equal(LogLevel.Warning, r.Level));
        Assert.Contains("Fleet silo extended key usage", refusals[0].Message, StringComparison.Ordinal);
        Assert.Contains("CN=silo:intruder", refusals[1].Message, StringComparison.Ordinal);
    }

    private CertificateAuthority Authority(CertificateAuthorityMaterial material) => new(material, Protector, _time, Options);

    private static X509Certificate2 PublicOnly(X509Certificate2 certificate) => X509CertificateLoader.LoadCertificate(certificate.RawData);
}
