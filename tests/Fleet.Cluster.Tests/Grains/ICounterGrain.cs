namespace Fleet.Cluster.Tests.Grains;

public interface ICounterGrain : IGrainWithStringKey
{
    Task<int> Add(int amount, string? label = null);

    Task<int> Get();

    /// <summary>Sets the projection target; a table that doesn't exist makes the next write fail.</summary>
    Task<int> AddProjectingTo(int amount, string table);

    Task Clear();

    /// <summary>The silo this activation runs on.</summary>
    Task<string> Silo();
}
