using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using BcCertificate = Org.BouncyCastle.X509.X509Certificate;

namespace Fleet.Pki;

/// <summary>Certificates of enrolled terminals: a terminal's own identity on the device listener,
/// apart from the POS certificates issued through it.</summary>
public sealed partial class CertificateAuthority
{
    /// <summary>Why <see cref="IssueTerminalCertificate"/> would refuse these ids, or null when it
    /// would not: the terminal id goes into a percent-encoded URI SAN, the store id into the OU (64).</summary>
    public static string? CheckTerminalIdentity(string? terminalId, string? storeId) =>
        FleetUrns.CheckId(terminalId, "terminalId", int.MaxValue)
        ?? FleetUrns.CheckId(storeId, "storeId", FleetUrns.MaxNameLength);

    /// <summary>
    /// Issues a terminal's client certificate with a fresh EC P-256 key: subject
    /// <c>O=Fleet, OU=&lt;storeId&gt;, CN=terminal:&lt;terminalId&gt;</c>, URI SANs
    /// <c>urn:fleet:enrolled-terminal:</c> and <c>urn:fleet:store:</c>, extended key usages clientAuth
    /// (the device listener's handshake asks for it) and <see cref="FleetKeyPurposes.Terminal"/> (what
    /// tells it apart from a POS certificate), a 134-bit random serial. The bundle is the pairing
    /// shape: <c>EC PRIVATE KEY</c>, leaf, issuing CA, root.
    /// </summary>
    public IssuedClientCertificate IssueTerminalCertificate(TerminalCertificateRequest request) =>
        IssueTerminalCertificate(request, SerialNumbers.NewRandom());

    /// <summary>Tests only, as <see cref="IssueClientCertificateWithSerial"/>: a genuine terminal
    /// certificate under a serial the caller picks.</summary>
    internal IssuedClientCertificate IssueTerminalCertificateWithSerial(TerminalCertificateRequest request, string serial) =>
        IssueTerminalCertificate(request, new Org.BouncyCastle.Math.BigInteger(SerialNumbers.Normalize(serial), 16));

    private IssuedClientCertificate IssueTerminalCertificate(TerminalCertificateRequest request, Org.BouncyCastle.Math.BigInteger serial)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (CheckTerminalIdentity(request.TerminalId, request.StoreId) is { } invalid)
        {
            throw new ArgumentException(invalid, nameof(request));
        }

        var (notBefore, notAfter) = Validity(request.Validity);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var generator = CertificateTemplates.NewGenerator(
            serial,
            _issuing.SubjectDN,
            CertificateTemplates.Name(_options.Organization, request.StoreId, FleetUrns.TerminalCommonName(request.TerminalId)),
            notBefore,
            notAfter,
            SubjectPublicKeyInfo.GetInstance(key.ExportSubjectPublicKeyInfo()),
            _issuingKeyId);
        generator.AddExtension(X509Extensions.BasicConstraints, true, new BasicConstraints(false));
        generator.AddExtension(X509Extensions.KeyUsage, true, new KeyUsage(KeyUsage.DigitalSignature));
        generator.AddExtension(X509Extensions.ExtendedKeyUsage, false, new ExtendedKeyUsage(new List<DerObjectIdentifier>
        {
            KeyPurposeID.id_kp_clientAuth, new DerObjectIdentifier(FleetKeyPurposes.Terminal),
        }));
        generator.AddExtension(X509Extensions.SubjectAlternativeName, false, new GeneralNames(
        [
            new GeneralName(GeneralName.UniformResourceIdentifier, FleetUrns.EnrolledTerminal(request.TerminalId)),
            new GeneralName(GeneralName.UniformResourceIdentifier, FleetUrns.Store(request.StoreId)),
        ]));
        AddPublicationExtensions(generator);

        return SignBundle(generator, serial, notBefore, notAfter, key.ExportECPrivateKeyPem());
    }

    /// <summary>
    /// Reads an enrolled terminal's identity from a client certificate, or null when it is not a
    /// terminal certificate: it must carry <see cref="FleetKeyPurposes.Terminal"/>, an
    /// <c>urn:fleet:enrolled-terminal:</c> and a <c>urn:fleet:store:</c> SAN, and no POS identity.
    /// Does not check the chain: call <see cref="VerifyChain(X509Certificate2, out string?)"/> (and
    /// the caller's records) first.
    /// </summary>
    public TerminalCertificateInfo? ReadTerminalCertificate(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var bc = new Org.BouncyCastle.X509.X509CertificateParser().ReadCertificate(certificate.RawData);
        if (!HasPurpose(bc, FleetKeyPurposes.Terminal))
        {
            return null;
        }

        string? terminalId = null, storeId = null;
        foreach (var name in bc.GetSubjectAlternativeNames() ?? [])
        {
            if (name.Count < 2 || name[0] is not int tag || tag != GeneralName.UniformResourceIdentifier || name[1] is not string uri)
            {
                continue;
            }

            if (FleetUrns.TryRead(uri, FleetUrns.PosPrefix) is not null)
            {
                return null;
            }

            terminalId ??= FleetUrns.TryRead(uri, FleetUrns.EnrolledTerminalPrefix);
            storeId ??= FleetUrns.TryRead(uri, FleetUrns.StorePrefix);
        }

        if (terminalId is null || storeId is null)
        {
            return null;
        }

        return new TerminalCertificateInfo(
            terminalId,
            storeId,
            SerialNumbers.ToCanonical(bc.SerialNumber),
            new DateTimeOffset(bc.NotBefore.ToUniversalTime(), TimeSpan.Zero),
            new DateTimeOffset(bc.NotAfter.ToUniversalTime(), TimeSpan.Zero));
    }

    private static bool HasPurpose(BcCertificate certificate, string purposeOid)
    {
        try
        {
            return certificate.GetExtendedKeyUsage()?.Any(o => o.Id == purposeOid) == true;
        }
        catch (Org.BouncyCastle.Security.Certificates.CertificateParsingException)
        {
            return false; // a malformed extension names no purpose of ours
        }
    }
}
