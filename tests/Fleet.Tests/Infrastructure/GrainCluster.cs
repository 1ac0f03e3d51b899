using Fleet.Common;
using Fleet.Storage;
using Fleet.Storage.Import;
using Fleet.Terminals;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.TestingHost;

namespace Fleet.Tests.Infrastructure;

/// <summary>An Orleans TestingHost cluster with Fleet's real grain storage on a temp SQLite file and
/// a fake clock: grain behaviour without HTTP.</summary>
public sealed class GrainCluster : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("fleet-grains-").FullName;
    private InProcessTestCluster _cluster = null!;

    public FakeTimeProvider Time { get; } = new(DateTimeOffset.UtcNow);
    public IGrainFactory Grains => _cluster.Client;
    public FleetDatabase Database { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var database = Database = FleetDatabase.Sqlite(Path.Combine(_directory, "fleet.db"));
        await database.EnsureSchemaAsync();
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddFleetGrainStorage(FleetStorage.Name, database);
            silo.Services.AddSingleton<ImportStaging>();
            silo.Services.AddSingleton(new FleetClock(Time));
            silo.Services.AddOptions<HealthOptions>();
        });
        _cluster = builder.Build();
        await _cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        await _cluster.StopAllSilosAsync();
        await _cluster.DisposeAsync();
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
    }
}
