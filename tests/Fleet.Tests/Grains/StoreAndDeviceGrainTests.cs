using Fleet.Common;
using Fleet.Pos;
using Fleet.Stores;
using Fleet.Terminals;
using Fleet.Tests.Infrastructure;

namespace Fleet.Tests.Grains;

public sealed class StoreAndDeviceGrainTests(GrainCluster cluster) : IClassFixture<GrainCluster>
{
    private readonly IGrainFactory _grains = cluster.Grains;

    private async Task<string> StoreAsync()
    {
        var id = Unique.Id("store");
        Assert.Equal(CommandStatus.Created, (await _grains.GetGrain<IStoreGrain>(id).Upsert(new StoreDefinition("S", "UTC", null))).Status);
        return id;
    }

    [Fact]
    public async Task A_terminal_for_an_unknown_store_is_refused_and_nothing_is_recorded()
    {
        var id = Unique.Id("term");
        var result = await _grains.GetGrain<ITerminalGrain>(id).Upsert(new TerminalDefinition(TerminalKind.Pax, "1", "missing", null, null));
        Assert.Equal(CommandStatus.Invalid, result.Status);
        Assert.Equal("storeId", Assert.Single(result.Errors).Field);
        Assert.Null(await _grains.GetGrain<ITerminalGrain>(id).Get());
    }

    [Fact]
    public async Task An_import_attaches_a_stores_terminals_in_one_call_and_a_terminal_that_reported_corrects_its_summary()
    {
        var store = await StoreAsync();
        var (fresh, reported) = (Unique.Id("term"), Unique.Id("term"));
        var reportedGrain = _grains.GetGrain<ITerminalGrain>(reported);
        await reportedGrain.Upsert(new TerminalDefinition(TerminalKind.Pax, "R", store, null, "1.0"));
        await reportedGrain.Heartbeat(new Heartbeat("2.5", null, null, null, "ready"));

        // What an import does for one chunk: every summary it can build from the rows, then the upserts.
        var attached = await _grains.GetGrain<IStoreGrain>(store).AttachTerminals(
        [
            new TerminalSummary(fresh, TerminalKind.Android, "F", "M", "1.0", null),
            new TerminalSummary(reported, TerminalKind.Pax, "R2", null, "1.0", null),
        ]);
        Assert.Equal(CommandStatus.Updated, attached.Status);
        Assert.Equal(CommandStatus.Created,
            (await _grains.GetGrain<ITerminalGrain>(fresh).UpsertAttached(new TerminalDefinition(TerminalKind.Android, "F", store, "M", "1.0"))).Status);
        Assert.Equal(CommandStatus.Updated,
            (await reportedGrain.UpsertAttached(new TerminalDefinition(TerminalKind.Pax, "R2", store, null, "1.0"))).Status);

        var summaries = (await _grains.GetGrain<IStoreGrain>(store).Get())!.Terminals.ToDictionary(t => t.TerminalId);
        Assert.Equal("F", summaries[fresh].SerialNumber);
        Assert.Equal("R2", summaries[reported].SerialNumber);
        Assert.Equal("2.5", summaries[reported].AppVersion); // the version it reported, not the import's
        Assert.NotNull(summaries[reported].LastSeen);

        // An unknown store refuses the whole chunk.
        Assert.Equal(CommandStatus.NotFound, (await _grains.GetGrain<IStoreGrain>(Unique.Id("nowhere"))
            .AttachTerminals([new TerminalSummary(fresh, TerminalKind.Android, "F", "M", "1.0", null)])).Status);
    }

    [Fact]
    public async Task Moving_a_terminal_updates_both_stores_and_decommissioning_detaches_it()
    {
        var from = await StoreAsync();
        var to = await StoreAsync();
        var terminal = _grains.GetGrain<ITerminalGrain>(Unique.Id("term"));
        await terminal.Upsert(new TerminalDefinition(TerminalKind.Android, "SN", from, "M", "1.0"));
        Assert.Single((await _grains.GetGrain<IStoreGrain>(from).Get())!.Terminals);

        Assert.Equal(CommandStatus.Updated, (await terminal.Upsert(new TerminalDefinition(TerminalKind.Android, "SN", to, "M", "1.0"))).Status);
        Assert.Empty((await _grains.GetGrain<IStoreGrain>(from).Get())!.Terminals);
        Assert.Single((await _grains.GetGrain<IStoreGrain>(to).Get())!.Terminals);

        Assert.Equal(CommandStatus.Deleted, (await terminal.Decommission()).Status);
        Assert.Empty((await _grains.GetGrain<IStoreGrain>(to).Get())!.Terminals);
        Assert.Equal(CommandStatus.NotFound, (await terminal.Decommission()).Status);
    }

    [Fact]
    public async Task Upserting_the_same_definition_is_unchanged()
    {
        var store = await StoreAsync();
        var pos = _grains.GetGrain<IPosGrain>(PosKey.Of(store, Unique.Id("pos")));
        Assert.Equal(CommandStatus.Created, (await pos.Upsert(new PosDefinition(store, "Till"))).Status);
        Assert.Equal(CommandStatus.Unchanged, (await pos.Upsert(new PosDefinition(store, "Till"))).Status);
        Assert.Equal(CommandStatus.Updated, (await pos.Upsert(new PosDefinition(store, "Till 2"))).Status);
        Assert.Equal("Till 2", Assert.Single((await _grains.GetGrain<IStoreGrain>(store).Get())!.Pos).Name);
    }

    [Fact]
    public async Task A_store_with_devices_cannot_be_decommissioned()
    {
        var store = await StoreAsync();
        await _grains.GetGrain<IPosGrain>(PosKey.Of(store, Unique.Id("pos"))).Upsert(new PosDefinition(store, null));
        Assert.Equal(CommandStatus.Conflict, (await _grains.GetGrain<IStoreGrain>(store).Decommission()).Status);
        Assert.NotNull(await _grains.GetGrain<IStoreGrain>(store).Get());
    }

    [Fact]
    public async Task Heartbeats_need_a_registered_terminal_and_valid_fields()
    {
        var terminal = _grains.GetGrain<ITerminalGrain>(Unique.Id("term"));
        Assert.Equal(CommandStatus.NotFound, (await terminal.Heartbeat(new Heartbeat(null, null, null, null, null))).Status);
        await terminal.Upsert(new TerminalDefinition(TerminalKind.Pax, "1", await StoreAsync(), null, null));
        var bad = await terminal.Heartbeat(new Heartbeat(null, "not-an-ip", 0, 200, null));
        Assert.Equal(CommandStatus.Invalid, bad.Status);
        Assert.Equal(["ipAddress", "localPort", "battery"], bad.Errors.Select(e => e.Field));
        var good = await terminal.Heartbeat(new Heartbeat("2.0", "192.168.1.20", 8443, 99, "ok"));
        Assert.Equal(cluster.Time.GetUtcNow(), good.Value!.ReceivedAt);
        Assert.Equal("2.0", (await terminal.Get())!.LastHeartbeat!.Report.AppVersion);
    }
}
