using System.Security.Cryptography;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.X509;
using BcBigInteger = Org.BouncyCastle.Math.BigInteger;
using BcCertificate = Org.BouncyCastle.X509.X509Certificate;

namespace Fleet.Pki;

/// <summary>The certificate profiles (CA and leaf) shared by the factory, rotation and issuance.</summary>
internal static class CertificateTemplates
{
    public static X509Name Name(string organization, string? organizationalUnit, string commonName)
    {
        // Built from OID/value lists, not parsed from "O=…,CN=…", so commas or '=' in a store id
        // cannot inject extra name components. Order O, OU, CN gives the usual display order.
        var oids = new List<DerObjectIdentifier> { X509Name.O };
        var values = new List<string> { organization };
        if (!string.IsNullOrEmpty(organizationalUnit))
        {
            oids.Add(X509Name.OU);
            values.Add(organizationalUnit);
        }

        oids.Add(X509Name.CN);
        values.Add(commonName);
        return new X509Name(oids, values);
    }

    /// <summary>RFC 5280 §4.2.1.2 method 1: SHA-1 of the subjectPublicKey bits.</summary>
    public static byte[] KeyIdentifier(SubjectPublicKeyInfo spki) => SHA1.HashData(spki.PublicKey.GetBytes());

    /// <summary>X.509 times have whole seconds; truncate so what we report equals what the certificate says.</summary>
    public static DateTimeOffset TruncateToSeconds(DateTimeOffset value) =>
        new(value.UtcTicks - (value.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);

    public static X509V3CertificateGenerator NewGenerator(
        BcBigInteger serial,
        X509Name issuer,
        X509Name subject,
        DateTimeOffset notBefore,
        DateTimeOffset notAfter,
        SubjectPublicKeyInfo subjectKey,
        byte[]? issuerKeyId)
    {
        var generator = new X509V3CertificateGenerator();
        generator.SetSerialNumber(serial);
        generator.SetIssuerDN(issuer);
        generator.SetSubjectDN(subject);
        generator.SetNotBefore(notBefore.UtcDateTime);
        generator.SetNotAfter(notAfter.UtcDateTime);
        generator.SetSubjectPublicKeyInfo(subjectKey);
        var keyId = KeyIdentifier(subjectKey);
        generator.AddExtension(X509Extensions.SubjectKeyIdentifier, false, new SubjectKeyIdentifier(keyId));
        generator.AddExtension(X509Extensions.AuthorityKeyIdentifier, false, new AuthorityKeyIdentifier(issuerKeyId ?? keyId));
        return generator;
    }

    /// <summary>A CA certificate: basicConstraints CA with a path length, keyCertSign + cRLSign.</summary>
    public static BcCertificate CreateCa(
        CaSigner issuerSigner,
        X509Name issuer,
        byte[]? issuerKeyId,
        X509Name subject,
        SubjectPublicKeyInfo subjectKey,
        DateTimeOffset notBefore,
        DateTimeOffset notAfter,
        int pathLength)
    {
        var generator = NewGenerator(SerialNumbers.NewRandom(), issuer, subject, notBefore, notAfter, subjectKey, issuerKeyId);
        generator.AddExtension(X509Extensions.BasicConstraints, true, new BasicConstraints(pathLength));
        // digitalSignature lets the issuing CA sign OCSP responses itself (RFC 6960 §4.2.2.2).
        generator.AddExtension(X509Extensions.KeyUsage, true,
            new KeyUsage(KeyUsage.KeyCertSign | KeyUsage.CrlSign | KeyUsage.DigitalSignature));
        return generator.Generate(issuerSigner);
    }

    /// <summary>Subject and validity of a new issuing CA; never outlives the root.</summary>
    public static BcCertificate CreateIssuing(
        CaSigner rootSigner,
        BcCertificate root,
        CaSigner issuingSigner,
        CertificateAuthorityOptions options,
        int generation,
        DateTimeOffset now)
    {
        var notBefore = TruncateToSeconds(now - options.ClockSkewAllowance);
        var notAfter = TruncateToSeconds(now + options.IssuingValidity);
        var rootNotAfter = new DateTimeOffset(root.NotAfter.ToUniversalTime(), TimeSpan.Zero);
        if (notAfter > rootNotAfter)
        {
            notAfter = rootNotAfter;
        }

        return CreateCa(
            rootSigner,
            root.SubjectDN,
            KeyIdentifier(root.CertificateStructure.SubjectPublicKeyInfo),
            Name(options.Organization, null, $"{options.IssuingCommonNamePrefix} {generation}"),
            SubjectPublicKeyInfo.GetInstance(issuingSigner.SubjectPublicKeyInfo),
            notBefore,
            notAfter,
            pathLength: 0);
    }
}
