using Fleet.Common;
using Fleet.Pki;
using Microsoft.Extensions.Options;
using Orleans.Storage;

namespace Fleet.Server.Pki;

/// <summary>
/// Gives this silo its cluster certificate before it opens its silo port or reaches any peer. The
/// CA lives in a grain, and no grain can be called before the silo has joined, which needs the
/// certificate: so the CA record is read straight from grain storage here (and created there on the
/// fleet's very first start, once across silos starting together).
/// </summary>
public sealed class SiloCertificateStartup(
    SiloCertificates certificates,
    IServiceProvider services,
    IGrainFactory grains,
    ILocalSiloDetails silo,
    KeyProtector protector,
    IOptions<CertificateAuthorityOptions> authorityOptions,
    FleetClock clock,
    ILogger<SiloCertificateStartup> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    // The silo port binds at RuntimeInitialize - 1; the certificate must exist before then.
    public const int Stage = ServiceLifecycleStage.RuntimeInitialize - 10;

    public void Participate(ISiloLifecycle lifecycle) => lifecycle.Subscribe(nameof(SiloCertificateStartup), Stage, StartAsync);

    private async Task StartAsync(CancellationToken cancellationToken)
    {
        var storage = services.GetRequiredKeyedService<IGrainStorage>(FleetStorage.Name);
        var authorityGrain = grains.GetGrain<ICertificateAuthorityGrain>(ICertificateAuthorityGrain.FleetKey).GetGrainId();
        var record = await AuthorityRecordStore.LoadOrCreateAsync(storage, authorityGrain, protector, authorityOptions.Value, clock, logger);
        certificates.Load(record, silo.Name);
        _ = certificates.Context; // issued now rather than during the first handshake
    }
}
