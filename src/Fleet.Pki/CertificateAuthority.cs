using System.Formats.Asn1;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.X509;
using BcCertificate = Org.BouncyCastle.X509.X509Certificate;

namespace Fleet.Pki;

/// <summary>
/// A loaded Fleet certificate authority: issues client and server certificates, CRLs, rotates its
/// issuing CA and checks chains. It signs; deciding whether to issue and recording what was issued
/// or revoked is the caller's job.
/// </summary>
/// <remarks>
/// The private keys are decrypted once here and never leave in clear. All members are thread-safe.
/// The <see cref="X509Certificate2"/> properties are shared instances: do not dispose them.
/// </remarks>
public sealed partial class CertificateAuthority : IDisposable
{
    private readonly CertificateAuthorityMaterial _material;
    private readonly KeyProtector _protector;
    private readonly TimeProvider _timeProvider;
    private readonly CertificateAuthorityOptions _options;
    private readonly RsaKeyPool? _rsaKeyPool;
    private readonly CaSigner _rootSigner;
    private readonly CaSigner _issuingSigner;
    private readonly BcCertificate _root;
    private readonly BcCertificate _issuing;
    private readonly byte[] _issuingKeyId;
    private readonly X509Certificate2[] _previousIssuing;
    private readonly string _issuingPem;

    /// <summary>Loads the authority from stored material.</summary>
    /// <param name="material">Certificates and protected keys, as made by <see cref="CertificateAuthorityFactory.Create"/> or <see cref="RotateIssuing"/>.</param>
    /// <param name="protector">Opens the protected keys (and protects the key of a rotated issuing CA).</param>
    /// <param name="timeProvider">The clock for validity periods and chain checks.</param>
    /// <param name="options">Names and published URLs; defaults when null.</param>
    /// <param name="rsaKeyPool">Pre-generated keys for RSA leaves; keys are generated inline when null. Not owned.</param>
    /// <exception cref="CryptographicException">Wrong passphrase, or keys that do not match the certificates.</exception>
    public CertificateAuthority(
        CertificateAuthorityMaterial material,
        KeyProtector protector,
        TimeProvider timeProvider,
        CertificateAuthorityOptions? options = null,
        RsaKeyPool? rsaKeyPool = null)
    {
        ArgumentNullException.ThrowIfNull(material);
        ArgumentNullException.ThrowIfNull(protector);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _material = material;
        _protector = protector;
        _timeProvider = timeProvider;
        _options = options ?? new CertificateAuthorityOptions();
        _rsaKeyPool = rsaKeyPool;

        var parser = new X509CertificateParser();
        _root = parser.ReadCertificate(Pem.Decode(material.RootCertificatePem, "CERTIFICATE"));
        _issuing = parser.ReadCertificate(Pem.Decode(material.IssuingCertificatePem, "CERTIFICATE"));
        _rootSigner = OpenKey(material.RootKeyProtected, material.Algorithm, _root, "root");
        try
        {
            _issuingSigner = OpenKey(material.IssuingKeyProtected, material.Algorithm, _issuing, "issuing");
        }
        catch
        {
            _rootSigner.Dispose();
            throw;
        }

        try
        {
            // Refuse material whose intermediate the root did not sign: every chain would fail later, less clearly.
            try
            {
                _issuing.Verify(_root.GetPublicKey());
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                throw new CryptographicException("The issuing certificate is not signed by the root certificate.", ex);
            }

            _issuingKeyId = CertificateTemplates.KeyIdentifier(_issuing.CertificateStructure.SubjectPublicKeyInfo);
            _issuingPem = Pem.Certificate(_issuing.GetEncoded());
            RootPem = Pem.Certificate(_root.GetEncoded());
            ChainPem = _issuingPem + RootPem;
            RootCertificate = X509CertificateLoader.LoadCertificate(_root.GetEncoded());
            IssuingCertificate = X509CertificateLoader.LoadCertificate(_issuing.GetEncoded());
            _previousIssuing = material.PreviousIssuingCertificatesPem
                .Select(pem => X509CertificateLoader.LoadCertificate(Pem.Decode(pem, "CERTIFICATE")))
                .ToArray();
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>The root certificate (shared instance).</summary>
    public X509Certificate2 RootCertificate { get; }

    /// <summary>The current issuing certificate (shared instance).</summary>
    public X509Certificate2 IssuingCertificate { get; }

    /// <summary>The root certificate in PEM: what POS systems and terminals install as their trust anchor.</summary>
    public string RootPem { get; }

    /// <summary>Issuing certificate then root, in PEM: the chain servers send after their own certificate.</summary>
    public string ChainPem { get; }

    /// <summary>The issuing certificate for BouncyCastle-based collaborators (OCSP).</summary>
    internal BcCertificate IssuingBcCertificate => _issuing;

    /// <summary>Signs with the issuing CA key without exposing it.</summary>
    internal CaSigner IssuingSigner => _issuingSigner;

    /// <summary>The material this instance was loaded from.</summary>
    public CertificateAuthorityMaterial Material => _material;

    /// <summary>
    /// Issues a TLS server certificate (serverAuth, EC P-256) with its private key attached, ready for
    /// Kestrel or <c>SslStream</c>. Send <see cref="IssuingCertificate"/> along with it so clients that
    /// only trust the root can build the chain.
    /// </summary>
    public X509Certificate2 IssueServerCertificate(IEnumerable<string> dnsNames, IEnumerable<IPAddress> ipAddresses, TimeSpan validity)
    {
        ArgumentNullException.ThrowIfNull(dnsNames);
        ArgumentNullException.ThrowIfNull(ipAddresses);
        var dns = dnsNames.Where(n => !string.IsNullOrWhiteSpace(n)).Select(n => n.Trim()).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var ips = ipAddresses.Distinct().ToList();
        if (dns.Count == 0 && ips.Count == 0)
        {
            throw new ArgumentException("A server certificate needs at least one DNS name or IP address.", nameof(dnsNames));
        }

        var (notBefore, notAfter) = Validity(validity);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var spki = SubjectPublicKeyInfo.GetInstance(key.ExportSubjectPublicKeyInfo());
        var commonName = dns.Count > 0 ? dns[0] : ips[0].ToString();
        var generator = CertificateTemplates.NewGenerator(
            SerialNumbers.NewRandom(), _issuing.SubjectDN, CertificateTemplates.Name(_options.Organization, null, commonName),
            notBefore, notAfter, spki, _issuingKeyId);
        generator.AddExtension(X509Extensions.BasicConstraints, true, new BasicConstraints(false));
        generator.AddExtension(X509Extensions.KeyUsage, true, new KeyUsage(KeyUsage.DigitalSignature));
        generator.AddExtension(X509Extensions.ExtendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeID.id_kp_serverAuth));
        var names = dns.Select(n => new GeneralName(GeneralName.DnsName, n))
            .Concat(ips.Select(ip => new GeneralName(GeneralName.IPAddress, ip.ToString())))
            .ToArray();
        generator.AddExtension(X509Extensions.SubjectAlternativeName, false, new GeneralNames(names));

        var der = generator.Generate(_issuingSigner).GetEncoded();
        using var publicOnly = X509CertificateLoader.LoadCertificate(der);
        var withKey = publicOnly.CopyWithPrivateKey(key);
        if (!OperatingSystem.IsWindows())
        {
            return withKey;
        }

        // Windows SChannel cannot use an ephemeral key; a PKCS#12 round trip gives it a usable one.
        using (withKey)
        {
            return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
        }
    }

    /// <summary>
    /// Why <see cref="IssueClientCertificate"/> would refuse these ids, or null when it would not:
    /// callers check first, before they spend anything (a setup code, a key). Only what the
    /// certificate's encoding demands: the posId and terminal id go into percent-encoded URI SANs
    /// (the CN shows the posId cut to X.520's 64 characters), the store id into the OU (64). A null
    /// <paramref name="terminalId"/> is not checked (not known yet).
    /// </summary>
    public static string? CheckClientIdentity(string? posId, string? terminalId, string? storeId) =>
        FleetUrns.CheckPosId(posId)
        ?? (terminalId is null ? null : FleetUrns.CheckId(terminalId, "terminalId", int.MaxValue))
        ?? FleetUrns.CheckId(storeId, "storeId", FleetUrns.MaxNameLength, required: false);

    /// <summary>
    /// Issues a POS client certificate with a fresh key pair: subject <c>O=Fleet, OU=&lt;storeId&gt;, CN=pos:&lt;posId&gt;</c> (the CN cut to 64 characters: the SAN is the identity),
    /// URI SANs <c>urn:fleet:pos:</c>/<c>urn:fleet:terminal:</c>(/<c>urn:fleet:store:</c>), clientAuth,
    /// a 134-bit random serial. Validity is capped at the issuing certificate's expiry.
    /// </summary>
    public IssuedClientCertificate IssueClientCertificate(ClientCertificateRequest request) =>
        IssueClientCertificate(request, SerialNumbers.NewRandom());

    /// <summary>Tests only: a genuine certificate of this CA under a serial the caller picks (one
    /// already recorded for another identity), to prove that the gate compares the identity a
    /// certificate carries with the record of its serial. Nothing in Fleet calls it.</summary>
    internal IssuedClientCertificate IssueClientCertificateWithSerial(ClientCertificateRequest request, string serial) =>
        IssueClientCertificate(request, new Org.BouncyCastle.Math.BigInteger(SerialNumbers.Normalize(serial), 16));

    private IssuedClientCertificate IssueClientCertificate(ClientCertificateRequest request, Org.BouncyCastle.Math.BigInteger serial)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (CheckClientIdentity(request.PosId, request.TerminalId, request.StoreId) is { } invalid)
        {
            throw new ArgumentException(invalid, nameof(request));
        }

        var storeId = string.IsNullOrWhiteSpace(request.StoreId) ? null : request.StoreId;
        var (notBefore, notAfter) = Validity(request.Validity);

        using AsymmetricAlgorithm key = request.KeyAlgorithm switch
        {
            LeafKeyAlgorithm.Rsa2048 => _rsaKeyPool?.Take() ?? RSA.Create(2048),
            LeafKeyAlgorithm.EcP256 => ECDsa.Create(ECCurve.NamedCurves.nistP256),
            _ => throw new ArgumentOutOfRangeException(nameof(request), request.KeyAlgorithm, "Unknown key algorithm."),
        };

        var (spkiDer, privateKeyPem, keyUsage) = key switch
        {
            // keyEncipherment: RSA key exchange in TLS 1.2 cipher suites some POS stacks still use.
            RSA rsa => (rsa.ExportSubjectPublicKeyInfo(), rsa.ExportRSAPrivateKeyPem(), KeyUsage.DigitalSignature | KeyUsage.KeyEncipherment),
            ECDsa ec => (ec.ExportSubjectPublicKeyInfo(), ec.ExportECPrivateKeyPem(), KeyUsage.DigitalSignature),
            _ => throw new InvalidOperationException("Unsupported key type."),
        };

        var generator = CertificateTemplates.NewGenerator(
            serial,
            _issuing.SubjectDN,
            CertificateTemplates.Name(_options.Organization, storeId, FleetUrns.PosCommonName(request.PosId)),
            notBefore,
            notAfter,
            SubjectPublicKeyInfo.GetInstance(spkiDer),
            _issuingKeyId);
        generator.AddExtension(X509Extensions.BasicConstraints, true, new BasicConstraints(false));
        generator.AddExtension(X509Extensions.KeyUsage, true, new KeyUsage(keyUsage));
        generator.AddExtension(X509Extensions.ExtendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeID.id_kp_clientAuth));
        var uris = new List<GeneralName>
        {
            new(GeneralName.UniformResourceIdentifier, FleetUrns.Pos(request.PosId)),
            new(GeneralName.UniformResourceIdentifier, FleetUrns.Terminal(request.TerminalId)),
        };
        if (storeId is not null)
        {
            uris.Add(new GeneralName(GeneralName.UniformResourceIdentifier, FleetUrns.Store(storeId)));
        }

        generator.AddExtension(X509Extensions.SubjectAlternativeName, false, new GeneralNames(uris.ToArray()));
        AddPublicationExtensions(generator);

        return SignBundle(generator, serial, notBefore, notAfter, privateKeyPem);
    }

    /// <summary>Signs the leaf with the issuing CA and answers it as the pairing contract's PEM
    /// bundle: private key, leaf, issuing CA, root. POS and enrolled terminals share the shape.</summary>
    private IssuedClientCertificate SignBundle(
        X509V3CertificateGenerator generator, Org.BouncyCastle.Math.BigInteger serial, DateTimeOffset notBefore, DateTimeOffset notAfter, string privateKeyPem)
    {
        var leafPem = Pem.Certificate(generator.Generate(_issuingSigner).GetEncoded());
        privateKeyPem = Pem.EndWithNewline(privateKeyPem);
        return new IssuedClientCertificate(
            SerialNumbers.ToCanonical(serial),
            notBefore,
            notAfter,
            leafPem,
            privateKeyPem,
            privateKeyPem + leafPem + _issuingPem + RootPem);
    }

    /// <summary>
    /// Reads the POS identity from a client certificate's SANs, or null when it carries none (a
    /// terminal's own certificate carries none: see <see cref="ReadTerminalCertificate"/>). Does not
    /// check the chain: call <see cref="VerifyChain"/> (and the caller's revocation records) first.
    /// </summary>
    public ClientCertificateInfo? ReadClientCertificate(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var bc = new X509CertificateParser().ReadCertificate(certificate.RawData);
        if (HasPurpose(bc, FleetKeyPurposes.Terminal))
        {
            return null; // an enrolled terminal's own certificate is no POS's, whatever its SANs say
        }

        string? posId = null, terminalId = null, storeId = null;
        foreach (var name in bc.GetSubjectAlternativeNames() ?? [])
        {
            if (name.Count < 2 || name[0] is not int tag || tag != GeneralName.UniformResourceIdentifier || name[1] is not string uri)
            {
                continue;
            }

            posId ??= FleetUrns.TryRead(uri, FleetUrns.PosPrefix);
            terminalId ??= FleetUrns.TryRead(uri, FleetUrns.TerminalPrefix);
            storeId ??= FleetUrns.TryRead(uri, FleetUrns.StorePrefix);
        }

        if (posId is null || terminalId is null)
        {
            return null;
        }

        storeId ??= bc.SubjectDN.GetValueList(X509Name.OU).FirstOrDefault();
        return new ClientCertificateInfo(
            posId,
            terminalId,
            storeId,
            SerialNumbers.ToCanonical(bc.SerialNumber),
            new DateTimeOffset(bc.NotBefore.ToUniversalTime(), TimeSpan.Zero),
            new DateTimeOffset(bc.NotAfter.ToUniversalTime(), TimeSpan.Zero));
    }

    /// <summary>
    /// Checks that <paramref name="certificate"/> chains to our root through the current or a previous
    /// issuing certificate, carries the clientAuth EKU and is valid at the clock's now. Revocation is not
    /// checked here: the caller checks the serial against its own records.
    /// </summary>
    public bool VerifyChain(X509Certificate2 certificate, out string? error)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return VerifyChain(certificate, FleetKeyPurposes.ClientAuth, "clientAuth", [], out error);
    }

    /// <summary>Validity at the clock's now, the stated purpose (an absent EKU means "any purpose" to
    /// X509Chain, so we require it to be written) and a chain to our root only, through the current
    /// or a previous issuing certificate or one in <paramref name="intermediates"/> (which a peer
    /// sent: only the root is trusted, so an intermediate counts only if the root signed it).</summary>
    private bool VerifyChain(
        X509Certificate2 certificate, string purposeOid, string purposeName, IReadOnlyCollection<X509Certificate2> intermediates, out string? error)
    {
        var now = _timeProvider.GetUtcNow();
        if (now < certificate.NotBefore.ToUniversalTime() || now > certificate.NotAfter.ToUniversalTime())
        {
            error = $"The certificate is not valid at {now:O} (valid {certificate.NotBefore.ToUniversalTime():O} to {certificate.NotAfter.ToUniversalTime():O}).";
            return false;
        }

        var eku = certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().FirstOrDefault();
        if (eku is null || !eku.EnhancedKeyUsages.Cast<Oid>().Any(o => o.Value == purposeOid))
        {
            error = $"The certificate does not carry the {purposeName} extended key usage.";
            return false;
        }

        using var chain = new X509Chain();
        var policy = chain.ChainPolicy;
        policy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        policy.CustomTrustStore.Add(RootCertificate);
        policy.ExtraStore.Add(IssuingCertificate);
        policy.ExtraStore.AddRange(_previousIssuing);
        foreach (var intermediate in intermediates)
        {
            policy.ExtraStore.Add(intermediate);
        }

        policy.RevocationMode = X509RevocationMode.NoCheck;
        policy.DisableCertificateDownloads = true;
        policy.ApplicationPolicy.Add(new Oid(purposeOid));
        policy.VerificationTime = now.UtcDateTime;
        policy.VerificationTimeIgnored = false;
        try
        {
            if (!chain.Build(certificate))
            {
                var statuses = chain.ChainStatus.Select(s => $"{s.Status}: {s.StatusInformation.Trim()}").Distinct();
                error = "The certificate chain is not valid: " + string.Join("; ", statuses);
                return false;
            }
        }
        finally
        {
            // Chain elements are fresh copies on Linux, but never dispose the caller's or our shared instances.
            foreach (var element in chain.ChainElements)
            {
                var c = element.Certificate;
                if (!ReferenceEquals(c, certificate) && !ReferenceEquals(c, RootCertificate) &&
                    !ReferenceEquals(c, IssuingCertificate) && !_previousIssuing.Any(p => ReferenceEquals(p, c)) &&
                    !intermediates.Any(p => ReferenceEquals(p, c)))
                {
                    c.Dispose();
                }
            }
        }

        error = null;
        return true;
    }

    /// <summary>
    /// Creates an X.509 v2 CRL (DER) signed by the current issuing CA, with CRL number, AKI and
    /// reason codes.
    /// </summary>
    /// <remarks>
    /// One CRL, signed by the current issuing CA, lists every revoked serial the caller passes,
    /// including serials of leaves signed by a previous issuing CA (whose keys are not kept after
    /// rotation). Serials are 134-bit random values, so listing them together cannot collide. A strict
    /// RFC 5280 relying party applies the CRL only to leaves of the current issuing CA; leaves of a
    /// previous one stay revoked where it matters, in Fleet's own checks against its records.
    /// </remarks>
    public byte[] GenerateCrl(IEnumerable<RevokedCertificate> revoked, long crlNumber, DateTimeOffset thisUpdate, DateTimeOffset nextUpdate)
    {
        ArgumentNullException.ThrowIfNull(revoked);
        ArgumentOutOfRangeException.ThrowIfNegative(crlNumber);
        if (nextUpdate <= thisUpdate)
        {
            throw new ArgumentException("nextUpdate must be after thisUpdate.", nameof(nextUpdate));
        }

        // Encoded here rather than with BouncyCastle's X509V2CrlGenerator, which builds an object tree
        // per entry (≈ 3 s for 100,000 entries on a 2-core machine). Each entry is written by a small
        // AsnWriter and appended to a stream, and the few enclosing headers are written by hand: one
        // AsnWriter holding all entries would grow its buffer a kilobyte at a time, which is quadratic.
        var algorithm = ((AlgorithmIdentifier)_issuingSigner.AlgorithmDetails).GetEncoded(Asn1Encodable.Der);
        var head = new AsnWriter(AsnEncodingRules.DER);
        head.WriteInteger(1); // v2
        head.WriteEncodedValue(algorithm);
        head.WriteEncodedValue(_issuing.SubjectDN.GetEncoded(Asn1Encodable.Der));
        WriteTime(head, thisUpdate);
        WriteTime(head, nextUpdate);

        using var entries = new MemoryStream();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var entry = new AsnWriter(AsnEncodingRules.DER);
        var reason = new AsnWriter(AsnEncodingRules.DER);
        foreach (var revocation in revoked)
        {
            var serial = SerialNumbers.Normalize(revocation.SerialNumber);
            if (!seen.Add(serial)) continue;
            entry.Reset();
            using (entry.PushSequence())
            {
                entry.WriteIntegerUnsigned(Convert.FromHexString(serial.Length % 2 == 0 ? serial : "0" + serial));
                WriteTime(entry, revocation.RevokedAt);
                // Reason 0 (unspecified) is written as no reason extension, as RFC 5280 §5.3.1 asks.
                if (revocation.Reason != RevocationReason.Unspecified)
                {
                    using (entry.PushSequence()) // Extensions
                    using (entry.PushSequence()) // Extension
                    {
                        entry.WriteObjectIdentifier(X509Extensions.ReasonCode.Id);
                        reason.Reset();
                        reason.WriteEnumeratedValue(revocation.Reason);
                        entry.WriteOctetString(reason.Encode());
                    }
                }
            }
            entries.Write(entry.Encode());
        }

        var tail = new AsnWriter(AsnEncodingRules.DER);
        using (tail.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true))) // [0] EXPLICIT crlExtensions
        using (tail.PushSequence())
        {
            using (tail.PushSequence())
            {
                tail.WriteObjectIdentifier(X509Extensions.AuthorityKeyIdentifier.Id);
                tail.WriteOctetString(new AuthorityKeyIdentifier(_issuingKeyId).GetEncoded(Asn1Encodable.Der));
            }
            using (tail.PushSequence())
            {
                tail.WriteObjectIdentifier(X509Extensions.CrlNumber.Id);
                var number = new AsnWriter(AsnEncodingRules.DER);
                number.WriteInteger(crlNumber);
                tail.WriteOctetString(number.Encode());
            }
        }

        var headBytes = head.Encode();
        var tailBytes = tail.Encode();
        // revokedCertificates is absent, not empty, when nothing is revoked.
        var listLength = entries.Length == 0 ? 0 : HeaderLength(entries.Length) + (int)entries.Length;
        var tbsContent = headBytes.Length + listLength + tailBytes.Length;
        using var tbs = new MemoryStream(HeaderLength(tbsContent) + tbsContent);
        WriteHeader(tbs, 0x30, tbsContent);
        tbs.Write(headBytes);
        if (entries.Length > 0)
        {
            WriteHeader(tbs, 0x30, (int)entries.Length);
            entries.Position = 0;
            entries.CopyTo(tbs);
        }
        tbs.Write(tailBytes);
        var tbsBytes = tbs.GetBuffer().AsSpan(0, (int)tbs.Length);

        var signature = new AsnWriter(AsnEncodingRules.DER);
        signature.WriteEncodedValue(algorithm);
        signature.WriteBitString(_issuingSigner.Sign(tbsBytes));
        var signatureBytes = signature.Encode();
        var listContent = tbsBytes.Length + signatureBytes.Length;
        using var crl = new MemoryStream(HeaderLength(listContent) + listContent);
        WriteHeader(crl, 0x30, listContent); // CertificateList
        crl.Write(tbsBytes);
        crl.Write(signatureBytes);
        return crl.ToArray();
    }

    /// <summary>Bytes of a DER tag and definite length for <paramref name="length"/> content bytes.</summary>
    private static int HeaderLength(long length)
    {
        var bytes = 2;
        if (length >= 0x80)
            for (var rest = length; rest > 0; rest >>= 8) bytes++;
        return bytes;
    }

    private static void WriteHeader(Stream stream, byte tag, long length)
    {
        stream.WriteByte(tag);
        if (length < 0x80)
        {
            stream.WriteByte((byte)length);
            return;
        }
        Span<byte> bytes = stackalloc byte[8];
        System.Buffers.Binary.BinaryPrimitives.WriteInt64BigEndian(bytes, length);
        var skip = 0;
        while (bytes[skip] == 0) skip++;
        stream.WriteByte((byte)(0x80 | (8 - skip)));
        stream.Write(bytes[skip..]);
    }

    /// <summary>RFC 5280 §5.1.2.4: UTCTime through 2049, GeneralizedTime from 2050; whole seconds.</summary>
    private static void WriteTime(AsnWriter writer, DateTimeOffset time)
    {
        var utc = DateTimeOffset.FromUnixTimeSeconds(time.ToUnixTimeSeconds());
        if (utc.Year < 2050) writer.WriteUtcTime(utc);
        else writer.WriteGeneralizedTime(utc, omitFractionalSeconds: true);
    }

    /// <summary>PEM form of a DER CRL (<c>-----BEGIN X509 CRL-----</c>).</summary>
    public static string CrlToPem(byte[] der)
    {
        ArgumentNullException.ThrowIfNull(der);
        return Pem.Encode("X509 CRL", der);
    }

    /// <summary>
    /// Creates a new issuing CA signed by the root and returns the material to store; the current
    /// issuing certificate moves to <see cref="CertificateAuthorityMaterial.PreviousIssuingCertificatesPem"/>
    /// so leaves it signed keep verifying. Load the result into a new <see cref="CertificateAuthority"/>.
    /// </summary>
    public CertificateAuthorityMaterial RotateIssuing()
    {
        var (signer, pkcs8) = CaSigner.Generate(_material.Algorithm);
        using (signer)
        {
            try
            {
                var previous = _material.PreviousIssuingCertificatesPem.Append(_issuingPem).ToArray();
                var issuing = CertificateTemplates.CreateIssuing(
                    _rootSigner, _root, signer, _options, generation: previous.Length + 1, _timeProvider.GetUtcNow());
                return _material with
                {
                    IssuingCertificatePem = Pem.Certificate(issuing.GetEncoded()),
                    IssuingKeyProtected = _protector.Protect(pkcs8),
                    PreviousIssuingCertificatesPem = previous,
                };
            }
            finally
            {
                CryptographicOperations.ZeroMemory(pkcs8);
            }
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _rootSigner?.Dispose();
        _issuingSigner?.Dispose();
        RootCertificate?.Dispose();
        IssuingCertificate?.Dispose();
        foreach (var certificate in _previousIssuing ?? [])
        {
            certificate.Dispose();
        }
    }

    private CaSigner OpenKey(byte[] protectedKey, CaKeyAlgorithm algorithm, BcCertificate certificate, string which)
    {
        if (protectedKey is null)
        {
            throw new CryptographicException($"The {which} CA key is missing from the material.");
        }

        var pkcs8 = _protector.Unprotect(protectedKey);
        try
        {
            var signer = CaSigner.FromPkcs8(algorithm, pkcs8);
            if (!signer.SubjectPublicKeyInfo.AsSpan().SequenceEqual(certificate.CertificateStructure.SubjectPublicKeyInfo.GetEncoded()))
            {
                signer.Dispose();
                throw new CryptographicException($"The {which} CA key does not belong to the {which} CA certificate.");
            }

            return signer;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(pkcs8);
        }
    }

    private (DateTimeOffset NotBefore, DateTimeOffset NotAfter) Validity(TimeSpan validity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(validity, TimeSpan.Zero);
        var now = _timeProvider.GetUtcNow();
        var notBefore = CertificateTemplates.TruncateToSeconds(now - _options.ClockSkewAllowance);
        var notAfter = CertificateTemplates.TruncateToSeconds(now + validity);
        var issuingNotAfter = new DateTimeOffset(_issuing.NotAfter.ToUniversalTime(), TimeSpan.Zero);
        if (notAfter > issuingNotAfter)
        {
            notAfter = issuingNotAfter;
        }

        if (notAfter <= now)
        {
            throw new InvalidOperationException("The issuing CA certificate has expired; rotate it before issuing.");
        }

        return (notBefore, notAfter);
    }

    private void AddPublicationExtensions(X509V3CertificateGenerator generator)
    {
        if (!string.IsNullOrEmpty(_options.CrlDistributionPointUrl))
        {
            var name = new DistributionPointName(new GeneralNames(
                new GeneralName(GeneralName.UniformResourceIdentifier, _options.CrlDistributionPointUrl)));
            generator.AddExtension(X509Extensions.CrlDistributionPoints, false,
                new CrlDistPoint([new DistributionPoint(name, null, null)]));
        }

        var access = new List<AccessDescription>();
        if (!string.IsNullOrEmpty(_options.OcspUrl))
        {
            access.Add(new AccessDescription(AccessDescription.IdADOcsp,
                new GeneralName(GeneralName.UniformResourceIdentifier, _options.OcspUrl)));
        }

        if (!string.IsNullOrEmpty(_options.CaIssuersUrl))
        {
            access.Add(new AccessDescription(AccessDescription.IdADCAIssuers,
                new GeneralName(GeneralName.UniformResourceIdentifier, _options.CaIssuersUrl)));
        }

        if (access.Count > 0)
        {
            generator.AddExtension(X509Extensions.AuthorityInfoAccess, false,
                new DerSequence(access.ToArray()));
        }
    }
}
