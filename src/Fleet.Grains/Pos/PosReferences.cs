using Fleet.Storage.ReadModel;

namespace Fleet.Pos;

/// <summary>
/// Finds the POS a free-standing posId names, where no store comes with it (a srv4pos activation's
/// <c>posId</c> is a field of the cash register): its Fleet id (store~posId) names exactly one; a
/// bare posId names the one POS with it, and nothing when no store or several stores have it.
/// </summary>
public static class PosReferences
{
    public static async Task<string?> ResolveAsync(FleetReadModel readModel, string reference)
    {
        var candidates = await readModel.FindPosAsync([reference]);
        if (candidates.FirstOrDefault(c => c.Id == reference) is { } exact) return exact.Id;
        return candidates.Count == 1 ? candidates[0].Id : null;
    }
}
