using Fleet.Storage;

namespace Fleet.Cluster.Tests.Grains;

/// <summary>A persisted test state that projects to <c>test_counter_view</c> (or to <see cref="ProjectionTable"/>).</summary>
[GenerateSerializer, Alias("fleet.tests.counter-state")]
public sealed record CounterState : IProjectedState
{
    [Id(0)] public int Count { get; init; }
    [Id(1)] public string? Label { get; init; }
    [Id(2)] public string ProjectionTable { get; init; } = "test_counter_view";
    [Id(3)] public long ChangedAt { get; init; }

    public ReadModelRow ToReadModelRow(string grainKey) => new(
        ProjectionTable,
        grainKey,
        new Dictionary<string, object?>
        {
            ["count"] = Count,
            ["label"] = Label,
            ["even"] = Count % 2 == 0,
            ["ratio"] = Count / 4.0,
            ["changed_at"] = ChangedAt,
        });
}
