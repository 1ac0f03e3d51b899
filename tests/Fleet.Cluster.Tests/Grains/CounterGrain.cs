namespace Fleet.Cluster.Tests.Grains;

public sealed class CounterGrain(
    [PersistentState("counter", Support.TestSilo.StorageName)] IPersistentState<CounterState> state) : Grain, ICounterGrain
{
    public async Task<int> Add(int amount, string? label = null)
    {
        state.State = state.State with { Count = state.State.Count + amount, Label = label, ChangedAt = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() };
        await state.WriteStateAsync();
        return state.State.Count;
    }

    public Task<int> Get() => Task.FromResult(state.State.Count);

    public async Task<int> AddProjectingTo(int amount, string table)
    {
        var before = state.State;
        state.State = before with { Count = before.Count + amount, ProjectionTable = table };
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            // Keep memory in line with storage: the write was rolled back.
            state.State = before;
            throw;
        }
        return state.State.Count;
    }

    public Task Clear() => state.ClearStateAsync();

    public Task<string> Silo() => Task.FromResult(RuntimeIdentity);
}
