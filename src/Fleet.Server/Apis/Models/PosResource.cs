using Fleet.Pos;

namespace Fleet.Server.Apis.Models;

/// <summary>A POS system as the API returns it, with its licence (status derived at read time).
/// <see cref="Id"/> is its Fleet id (store~posId), the address of <c>/api/v1/pos/{id}</c>.</summary>
public sealed record PosResource(
    string Id, string PosId, string StoreId, string? Name, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt,
    LicenceSummaryResource? Licence)
{
    public static PosResource From(PosView view, DateTimeOffset now) =>
        new(view.Id, view.PosId, view.Definition.StoreId, view.Definition.Name, view.CreatedAt, view.UpdatedAt,
            LicenceSummaryResource.From(view.Licence, now));
}
