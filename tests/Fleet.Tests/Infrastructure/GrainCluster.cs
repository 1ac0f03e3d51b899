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
public class GrainCluster : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("fleet-grains-").FullName;
    private readonly int _silos;
    private InProcessTestCluster _cluster = null!;

    public GrainCluster() : this(1)
    {
    }

    protected GrainCluster(int silos) => _silos = silos;

    /// <summary>Each silo's own grain factory, as a host on that silo would use it.</summary>
    public IReadOnlyList<IGrainFactory> SiloGrains =>
        _cluster.Silos.Select(s => s.ServiceProvider.GetRequiredService<IGrainFactory>()).ToArray();

    public FakeTimeProvider Time { get; } = new(DateTimeOffset.UtcNow);
    public IGrainFactory Grains => _cluster.Client;
    public FleetDatabase Database { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var database = Database = FleetDatabase.Sqlite(Path.Combine(_directory, "fleet.db"));
        await database.EnsureSchemaAsync();
        var builder = new InProcessTestClusterBuilder((short)_silos);
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

/// <summary>Two silos in one cluster: for what must hold cluster-wide, not per silo.</summary>
public sealed class TwoSiloGrainCluster() : GrainCluster(2);
