using Fleet.Pos;

namespace Fleet.Server.Apis.Models;

/// <summary>A POS system as the API returns it.</summary>
public sealed record PosResource(string PosId, string StoreId, string? Name, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public static PosResource From(PosView view) =>
        new(view.PosId, view.Definition.StoreId, view.Definition.Name, view.CreatedAt, view.UpdatedAt);
}
