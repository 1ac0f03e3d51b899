using System.Security.Cryptography;
using Fleet.Common;
using Fleet.Pki;
using Microsoft.Extensions.Logging;

namespace Fleet.Licences;

/// <summary>Creates the fleet's ECDSA P-256 activation-code signing key once and stores it, the
/// private half encrypted with the silo's <see cref="KeyProtector"/> (the passphrase never enters
/// storage). P-256 because signing is cheap (tens of thousands a second) and Java's
/// <c>SHA256withECDSA</c> and <c>openssl dgst -sha256 -verify</c> both verify its DER signatures.</summary>
public sealed class LicenceSigningKeyGrain(
    [PersistentState("licence-signing-key", FleetStorage.Name)] IPersistentState<LicenceSigningKeyState> key,
    KeyProtector protector,
    FleetClock time,
    ILogger<LicenceSigningKeyGrain> logger) : Grain, ILicenceSigningKeyGrain
{
    public const string Algorithm = "SHA256withECDSA";

    public async Task<LicenceSigningMaterial> GetOrCreate()
    {
        if (key.State.Material is { } existing) return existing;

        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        key.State.Material = new LicenceSigningMaterial(
            Algorithm,
            ecdsa.ExportSubjectPublicKeyInfoPem() + "\n",
            protector.Protect(ecdsa.ExportPkcs8PrivateKey()),
            time.GetUtcNow());
        await key.WriteStateAsync();
        logger.LogInformation("Created the fleet's activation-code signing key ({Algorithm}).", Algorithm);
        return key.State.Material;
    }
}
