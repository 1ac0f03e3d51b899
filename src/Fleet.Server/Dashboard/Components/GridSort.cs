using MudBlazor;

namespace Fleet.Server.Dashboard.Components;

/// <summary>Maps a grid's sort to the read model's sort parameter ("name", "-lastSeen"): only the
/// columns the read model has an index for are sortable.</summary>
public static class GridSort
{
    public static string? Of<T>(GridState<T> state, IReadOnlyDictionary<string, string> names)
    {
        var sort = state.SortDefinitions.FirstOrDefault();
        if (sort is null || !names.TryGetValue(sort.SortBy, out var name)) return null;
        return sort.Descending ? "-" + name : name;
    }
}
