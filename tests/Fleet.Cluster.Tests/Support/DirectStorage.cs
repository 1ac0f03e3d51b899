using Fleet.Storage;
using Fleet.Storage.GroupCommit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Core;
using Orleans.Runtime;
using Orleans.Serialization;

namespace Fleet.Cluster.Tests.Support;

/// <summary>A <see cref="RelationalGrainStorage"/> outside a silo, with Orleans' serializer from DI.</summary>
public static class DirectStorage
{
    private static readonly Lazy<Serializer> SharedSerializer = new(() => new ServiceCollection()
        .AddSerializer(builder => builder.AddAssembly(typeof(DirectStorage).Assembly))
        .BuildServiceProvider()
        .GetRequiredService<Serializer>());

    public static RelationalGrainStorage Create(FleetDatabase database, GroupCommitOptions? groupCommit = null) =>
        new("direct", database, SharedSerializer.Value, TimeProvider.System, NullLogger<RelationalGrainStorage>.Instance, groupCommit);

    public static GrainId NewGrainId() => GrainId.Create("counter", TestDatabases.UniqueKey());

    public static GrainState<T> Empty<T>(T state) => new(state);
}
