namespace Fleet.Cluster.Tests.Grains;

/// <summary>Serializable but deliberately without [Alias]: the storage must refuse it.</summary>
[GenerateSerializer]
public sealed record UnaliasedState
{
    [Id(0)] public int Value { get; init; }
}
