using System.Security.Cryptography;
using Fleet.Licences;
using Fleet.Pki;

namespace Fleet.Server.Licences;

/// <summary>This silo's copy of the fleet's activation-code signing key, loaded from
/// <see cref="ILicenceSigningKeyGrain"/> on first use and decrypted with the silo's passphrase, so
/// every silo signs locally with the same key.</summary>
public sealed class LicenceSigner(IGrainFactory grains, KeyProtector protector) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private Loaded? _loaded;

    public sealed record Loaded(ECDsa Key, string Algorithm, string PublicKeyPem, string KeyId);

    public async Task<Loaded> GetAsync()
    {
        if (_loaded is { } loaded) return loaded;
        await _gate.WaitAsync();
        try
        {
            if (_loaded is not null) return _loaded;
            var material = await grains.GetGrain<ILicenceSigningKeyGrain>(ILicenceSigningKeyGrain.FleetKey).GetOrCreate();
            var key = ECDsa.Create();
            key.ImportPkcs8PrivateKey(protector.Unprotect(material.PrivateKeyProtected), out _);
            var spki = key.ExportSubjectPublicKeyInfo();
            return _loaded = new Loaded(key, material.Algorithm, material.PublicKeyPem,
                Convert.ToHexStringLower(SHA256.HashData(spki))[..16]);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>ECDSA P-256 over SHA-256, DER-encoded (what <c>openssl dgst -verify</c> and Java's
    /// <c>SHA256withECDSA</c> expect).</summary>
    public async Task<(byte[] Signature, Loaded Key)> SignAsync(byte[] data)
    {
        var loaded = await GetAsync();
        return (loaded.Key.SignData(data, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence), loaded);
    }

    public void Dispose()
    {
        _loaded?.Key.Dispose();
        _gate.Dispose();
    }
}
