namespace Fleet.Storage.ReadModel;

/// <summary>A store in the fleet-wide list, with live terminal counts for the page it is on.</summary>
public sealed record StoreRow(
    string Id, string Name, string TimeZone, string? CorporateId,
    int TerminalCount, int PosCount, int TerminalsOnline,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);
