using Fleet.Import;
using Fleet.Storage.ReadModel;

namespace Fleet.Server.Import;

/// <summary>At start-up, touches every import job that was accepted but not finished, which makes
/// it resume. Every silo does this; the job grain runs once wherever it is activated.</summary>
public sealed class ImportResumer(FleetReadModel readModel, IGrainFactory grains, ILogger<ImportResumer> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var jobId in await readModel.UnfinishedImportJobIdsAsync(cancellationToken))
        {
            logger.LogInformation("Resuming import job {JobId}.", jobId);
            await grains.GetGrain<IImportJobGrain>(jobId).Get();
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
