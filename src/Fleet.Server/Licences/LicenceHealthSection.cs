using Fleet.Server.Health;
using Fleet.Storage.ReadModel;

namespace Fleet.Server.Licences;

/// <summary>The <c>licences</c> section of fleet health: activations by status, counted by the
/// database in one pass over the read model and derived from validTo and the clock.</summary>
public sealed class LicenceHealthSection(FleetReadModel readModel) : IFleetHealthSection
{
    public string Name => "licences";

    public async Task<object> ReadAsync(DateTimeOffset now, CancellationToken ct)
    {
        var counts = await readModel.GetLicenceCountsAsync(now, ct);
        return new LicencesHealth(counts.Total, counts.PendingApproval, counts.Active, counts.ExpiringSoon,
            counts.NotYetValid, counts.Expired, counts.Rejected, counts.Revoked);
    }
}
