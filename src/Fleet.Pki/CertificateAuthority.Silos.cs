using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;

namespace Fleet.Pki;

/// <summary>Certificates for the members of the Fleet Orleans cluster: each silo holds one (issued
/// in memory, never stored) and admits only peers that hold one too.</summary>
public sealed partial class CertificateAuthority
{
    /// <summary>The organizational unit of silo certificates, so they read apart from POS ones.</summary>
    public const string SiloOrganizationalUnit = "cluster";

    /// <summary>
    /// Issues a silo certificate (EC P-256, key attached): subject <c>O=Fleet, OU=cluster, CN=silo:&lt;name&gt;</c>,
    /// URI SAN <c>urn:fleet:silo:&lt;name&gt;</c>, extended key usages serverAuth and clientAuth (a silo
    /// both accepts and opens connections) and <see cref="FleetKeyPurposes.Silo"/>, which is what its
    /// peers check. Validity is capped at the issuing certificate's expiry.
    /// </summary>
    public X509Certificate2 IssueSiloCertificate(string siloName, TimeSpan validity)
    {
        if (FleetUrns.CheckId(siloName, "siloName", FleetUrns.MaxNameLength - "silo:".Length) is { } invalid)
        {
            throw new ArgumentException(invalid, nameof(siloName));
        }

        var (notBefore, notAfter) = Validity(validity);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var spki = SubjectPublicKeyInfo.GetInstance(key.ExportSubjectPublicKeyInfo());
        var generator = CertificateTemplates.NewGenerator(
            SerialNumbers.NewRandom(), _issuing.SubjectDN,
            CertificateTemplates.Name(_options.Organization, SiloOrganizationalUnit, "silo:" + siloName),
            notBefore, notAfter, spki, _issuingKeyId);
        generator.AddExtension(X509Extensions.BasicConstraints, true, new BasicConstraints(false));
        generator.AddExtension(X509Extensions.KeyUsage, true, new KeyUsage(KeyUsage.DigitalSignature));
        generator.AddExtension(X509Extensions.ExtendedKeyUsage, false, new ExtendedKeyUsage(new List<DerObjectIdentifier>
        {
            KeyPurposeID.id_kp_serverAuth, KeyPurposeID.id_kp_clientAuth, new DerObjectIdentifier(FleetKeyPurposes.Silo),
        }));
        generator.AddExtension(X509Extensions.SubjectAlternativeName, false, new GeneralNames(
            new GeneralName(GeneralName.UniformResourceIdentifier, FleetUrns.Silo(siloName))));

        var der = generator.Generate(_issuingSigner).GetEncoded();
        using var publicOnly = X509CertificateLoader.LoadCertificate(der);
        using var withKey = publicOnly.CopyWithPrivateKey(key);
        // SslStream wants a key it can use beyond this ECDsa object's life (and SChannel a stored one).
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
    }

    /// <summary>
    /// Checks a peer silo's certificate: valid at the clock's now, the <see cref="FleetKeyPurposes.Silo"/>
    /// purpose, and a chain to our root only, through an issuing certificate we know or one the peer
    /// sent in <paramref name="presentedIntermediates"/> (a silo that loaded an issuing-CA rotation
    /// before us). A POS certificate chains to the same root but lacks the purpose: refused.
    /// </summary>
    public bool VerifySiloCertificate(X509Certificate2 certificate, IReadOnlyCollection<X509Certificate2> presentedIntermediates, out string? error)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        ArgumentNullException.ThrowIfNull(presentedIntermediates);
        return VerifyChain(certificate, FleetKeyPurposes.Silo, "Fleet silo", presentedIntermediates, out error);
    }
}
