namespace Fleet.Server.Import;

/// <summary>The columns an import understands, per row type. CSV files name them in a header;
/// JSON documents use them as property names.</summary>
public static class ImportFormat
{
    public const string Store = "store";
    public const string Terminal = "terminal";
    public const string Pos = "pos";

    public static readonly IReadOnlyDictionary<string, string[]> Fields = new Dictionary<string, string[]>
    {
        [Store] = ["storeId", "name", "timeZone", "corporateId"],
        [Terminal] = ["terminalId", "kind", "serialNumber", "storeId", "model", "appVersion"],
        [Pos] = ["posId", "storeId", "name"],
    };

    /// <summary>CSV: one file for all types, a <c>type</c> column and an <c>id</c> column.</summary>
    public static readonly string[] CsvColumns =
        ["type", "id", "storeId", "name", "timeZone", "corporateId", "kind", "serialNumber", "model", "appVersion"];

    public static string IdField(string type) => type switch
    {
        Store => "storeId",
        Terminal => "terminalId",
        _ => "posId",
    };
}
