using Fleet.Access;
using Fleet.Common;
using Fleet.Import;
using Fleet.Pos;
using Fleet.Stores;
using Fleet.Terminals;
using Fleet.Tests.Infrastructure;

namespace Fleet.Tests.Grains;

public sealed class AccessAndImportGrainTests(GrainCluster cluster) : IClassFixture<GrainCluster>
{
    private readonly IGrainFactory _grains = cluster.Grains;

    [Fact]
    public async Task Api_key_verifies_only_its_own_hash_until_revoked()
    {
        var key = _grains.GetGrain<IApiKeyGrain>(Unique.Id("k"));
        byte[] hash = [1, 2, 3, 4], other = [1, 2, 3, 5];
        Assert.Equal(CommandStatus.Created, (await key.Create("ci", ApiRole.Operator, hash)).Status);
        Assert.Equal(CommandStatus.Conflict, (await key.Create("again", ApiRole.Admin, other)).Status);
        Assert.Equal(ApiRole.Operator, await key.Verify(hash, other));
        Assert.Null(await key.Verify(other, other));
        Assert.Null(await key.Verify(other, hash)); // a key stored keyed never falls back to the legacy form
        Assert.Equal(CommandStatus.Deleted, (await key.Revoke()).Status);
        Assert.Null(await key.Verify(hash, hash));
    }

    [Fact]
    public async Task Import_job_applies_stores_before_devices_and_reports_counts()
    {
        var store = Unique.Id("store");
        var batch = new ImportBatch(
            [new ImportRow<StoreDefinition>(store, new StoreDefinition("Imported", "UTC", null))],
            [new ImportRow<TerminalDefinition>(store + "-t", new TerminalDefinition(TerminalKind.Pax, "SN", store, null, null))],
            [new ImportRow<PosDefinition>(store + "-p", new PosDefinition(store, null))]);
        var job = _grains.GetGrain<IImportJobGrain>(Unique.Id("job"));
        Assert.Equal(CommandStatus.Created, (await job.Start(batch)).Status);
        Assert.Equal(CommandStatus.Conflict, (await job.Start(batch)).Status);

        ImportProgress? progress;
        var deadline = DateTime.UtcNow.AddSeconds(20);
        do
        {
            progress = await job.Get();
            if (progress!.Status == ImportJobStatus.Completed) break;
            await Task.Delay(50);
        } while (DateTime.UtcNow < deadline);

        Assert.Equal(ImportJobStatus.Completed, progress.Status);
        Assert.Equal((3, 3, 3), (progress.Total, progress.Applied, progress.Created));
        var view = await _grains.GetGrain<IStoreGrain>(store).Get();
        Assert.Single(view!.Terminals);
        Assert.Single(view.Pos);
    }
}
