namespace Fleet.Server.Import;

/// <summary>What is wrong with one row of an import. <c>Row</c> is where to look: "stores[2]" in a
/// JSON document, "line 7" in a CSV file.</summary>
public sealed record ImportRowError(string Row, string Type, string? Id, string Field, string Message);
