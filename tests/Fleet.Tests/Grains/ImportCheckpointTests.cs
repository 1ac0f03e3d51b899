using Fleet.Common;
using Fleet.Import;
using Fleet.Storage.Import;
using Fleet.Stores;
using Fleet.Tests.Infrastructure;

namespace Fleet.Tests.Grains;

/// <summary>The import job's checkpoint, on a real SQLite database: a job stopped half-way resumes
/// from its last checkpoint, not from zero.</summary>
public sealed class ImportCheckpointTests(GrainCluster cluster) : IClassFixture<GrainCluster>
{
    private readonly IGrainFactory _grains = cluster.Grains;

    private static async Task<ImportProgress> WaitAsync(IImportJobGrain job, Func<ImportProgress, bool> until)
    {
        var deadline = DateTime.UtcNow.AddMinutes(5);
        while (true)
        {
            var progress = (await job.Get())!;
            if (until(progress) || DateTime.UtcNow > deadline) return progress;
            await Task.Delay(50);
        }
    }

    [Fact]
    public async Task A_stopped_job_resumes_from_its_checkpoint()
    {
        var p = Unique.Id("ckpt");
        var staging = new ImportStaging(cluster.Database);
        var jobId = Unique.Id("job");
        const int stores = 2_500, terminals = 3_500, failingTerminal = 2_200;
        // Staged directly, as the API would after validation, except for one terminal whose store
        // does not exist yet: applying it fails, which stops the job the way a crash would, in the
        // third chunk of terminals (after 2,500 stores and 2,000 terminals were checkpointed).
        var rows = new List<StagedImportRow>();
        for (var s = 0; s < stores; s++)
            rows.Add(new StagedImportRow(rows.Count, $"line {rows.Count}", StagedRowKind.Store, $"{p}-s{s}", Name: "S", TimeZone: "UTC"));
        for (var t = 0; t < terminals; t++)
            rows.Add(new StagedImportRow(rows.Count, $"line {rows.Count}", StagedRowKind.Terminal, $"{p}-t{t}",
                StoreId: t == failingTerminal ? $"{p}-late" : $"{p}-s{t % stores}", TerminalKind: "pax", SerialNumber: $"SN{t}"));
        await staging.WriteAsync(jobId, rows);

        var job = _grains.GetGrain<IImportJobGrain>(jobId);
        Assert.Equal(CommandStatus.Created, (await job.StartStaged(new StagedImport(stores, terminals, 0))).Status);
        var stopped = await WaitAsync(job, pr => pr.Error is not null || pr.Status == ImportJobStatus.Completed);
        Assert.True(stopped.Error is not null, stopped.ToString());
        Assert.Equal(ImportJobStatus.Applying, stopped.Status);
        // Counts are the checkpoint's; applied also counts the rows of the interrupted chunk that went in.
        Assert.Equal(stores + 2 * ImportJobGrain.ChunkSize, stopped.Created);
        Assert.InRange(stopped.Applied, stores + 2 * ImportJobGrain.ChunkSize, stores + 3 * ImportJobGrain.ChunkSize - 1);

        // The cause is fixed; asking about the job resumes it, from the checkpoint.
        Assert.Equal(CommandStatus.Created, (await _grains.GetGrain<IStoreGrain>($"{p}-late").Upsert(new StoreDefinition("Late", "UTC", null))).Status);
        var done = await WaitAsync(job, pr => pr.Status == ImportJobStatus.Completed);
        Assert.Equal(ImportJobStatus.Completed, done.Status);
        Assert.Equal((stores + terminals, stores + terminals), (done.Total, done.Applied));
        Assert.Equal(stores + terminals, done.Created + done.Unchanged);
        // Only rows of the interrupted chunk were applied twice (seen as unchanged the second time);
        // a restart from zero would have found all 4,500 checkpointed rows unchanged.
        Assert.InRange(done.Unchanged, 0, ImportJobGrain.ChunkSize - 1);
        Assert.Null(done.Error);

        var late = await _grains.GetGrain<IStoreGrain>($"{p}-late").Get();
        Assert.Single(late!.Terminals);
        Assert.Empty(await staging.CountAsync(jobId));
    }

    [Fact]
    public void Terminals_of_one_store_are_spread_through_a_chunk()
    {
        var rows = Enumerable.Range(0, 6).Select(i => new StagedImportRow(i, $"line {i}", StagedRowKind.Terminal, $"t{i}", StoreId: i < 4 ? "a" : "b")).ToList();
        var ordered = ImportJobGrain.InterleaveByStore(rows).Select(r => r.Id).ToArray();
        Assert.Equal(["t0", "t4", "t1", "t5", "t2", "t3"], ordered);
    }
}
