namespace Fleet.Storage.ReadModel;

/// <summary>An activation in the headquarters list (never its key or key hash). Approval is the
/// stored decision; the API derives the status from it, the period and the clock. <c>UnknownCompany</c>:
/// no store declares the corporate id (while some store declares one).</summary>
public sealed record ActivationRow(
    string ProductionNumber, string CashRegisterName, string DeviceId, string CorporateId, string ApplicationPackage,
    string? PosId, string Approval, DateTimeOffset ValidFrom, DateTimeOffset ValidTo, DateTimeOffset KeyIssuedAt,
    DateTimeOffset? DecidedAt, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, bool UnknownCompany = false);
