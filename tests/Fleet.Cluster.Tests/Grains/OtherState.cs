namespace Fleet.Cluster.Tests.Grains;

/// <summary>A different aliased type, to prove a row stored under one alias is not read as another.</summary>
[GenerateSerializer, Alias("fleet.tests.other-state")]
public sealed record OtherState
{
    [Id(0)] public string? Text { get; init; }
}
