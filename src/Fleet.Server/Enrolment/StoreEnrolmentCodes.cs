namespace Fleet.Server.Enrolment;

/// <summary>The answer to "codes for every terminal of a store": the codes, or why there are none.</summary>
/// <param name="Refusal">Set when nothing was issued: the store does not exist (404) or has more
/// terminals than one request may cover (409).</param>
public sealed record StoreEnrolmentCodes(
    string StoreId, DateTimeOffset ExpiresAt, IReadOnlyList<IssuedEnrolmentCode> Codes, int? RefusalStatus = null, string? Refusal = null);
