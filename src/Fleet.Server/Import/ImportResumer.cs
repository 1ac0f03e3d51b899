using Fleet.Import;
using Fleet.Storage.Import;
using Fleet.Storage.ReadModel;

namespace Fleet.Server.Import;

/// <summary>At start-up, touches every import job that was accepted but not finished, which makes
/// it resume from its last checkpoint. Every silo does this; the job grain runs once wherever it
/// is activated. It also deletes staged rows nobody will apply: those of completed jobs whose
/// clean-up was cut short, and those of uploads that died before becoming a job.</summary>
public sealed class ImportResumer(
    FleetReadModel readModel, ImportStaging staging, IGrainFactory grains, ILogger<ImportResumer> logger) : IHostedService
{
    /// <summary>Staged rows without a job are left alone this long: another silo may still be
    /// reading that upload.</summary>
    public static readonly TimeSpan AbandonedUploadAge = TimeSpan.FromDays(1);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var jobId in await readModel.UnfinishedImportJobIdsAsync(cancellationToken))
        {
            logger.LogInformation("Resuming import job {JobId}.", jobId);
            await grains.GetGrain<IImportJobGrain>(jobId).Get();
        }
        foreach (var jobId in await staging.LeftoverJobIdsAsync(AbandonedUploadAge, cancellationToken))
        {
            logger.LogInformation("Deleting the leftover staged rows of import {JobId}.", jobId);
            await staging.DeleteAsync(jobId, cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
