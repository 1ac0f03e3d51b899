using Fleet.Common;
using Microsoft.Extensions.Logging;
using Orleans.Storage;

namespace Fleet.Pki;

/// <summary>
/// The fleet's CA record read straight from grain storage, and created there on a fleet's very
/// first start, for a silo that must prove itself to its peers (with a certificate from this CA)
/// before it may call any grain, the CA grain included. The storage's ETag makes the creation happen
/// once across silos that start together: the one that loses the race reads the winner's record.
/// The CA grain finds the record there and never creates a second one.
/// </summary>
public static class AuthorityRecordStore
{
    public static async Task<AuthorityMaterial> LoadOrCreateAsync(
        IGrainStorage storage,
        GrainId authorityGrain,
        KeyProtector protector,
        CertificateAuthorityOptions options,
        FleetClock time,
        ILogger logger)
    {
        for (var attempt = 1; ; attempt++)
        {
            var state = new GrainState<CertificateAuthorityState>(new CertificateAuthorityState());
            await storage.ReadStateAsync(CertificateAuthorityGrain.StateName, authorityGrain, state);
            if (state.State.Material is { } existing) return existing;

            var created = CertificateAuthorityFactory.Create(options, protector, time);
            state.State.Material = CertificateAuthorityGrain.ToRecord(created, generation: 1);
            state.State.CreatedAt = time.GetUtcNow();
            try
            {
                await storage.WriteStateAsync(CertificateAuthorityGrain.StateName, authorityGrain, state);
                logger.LogInformation("Created the fleet certificate authority ({Algorithm}).", created.Algorithm);
                return state.State.Material;
            }
            catch (InconsistentStateException) when (attempt < 3)
            {
                // Another silo created it between our read and our write: use theirs.
            }
        }
    }
}
