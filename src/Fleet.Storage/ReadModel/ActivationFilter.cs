using Fleet.Licences;

namespace Fleet.Storage.ReadModel;

/// <summary>Filters of the headquarters activation list.</summary>
public sealed record ActivationFilter(LicenceStatusFilter? Status = null, string? CorporateId = null, string? PosId = null);
