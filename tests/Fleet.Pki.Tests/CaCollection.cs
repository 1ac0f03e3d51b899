namespace Fleet.Pki.Tests;

/// <summary>Test classes in this collection share one <see cref="CaFixture"/>.</summary>
[CollectionDefinition(Name)]
public sealed class CaCollection : ICollectionFixture<CaFixture>
{
    public const string Name = "ca";
}
