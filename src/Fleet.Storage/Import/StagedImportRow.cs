namespace Fleet.Storage.Import;

/// <summary>One row of an import as staged in <c>import_rows</c>. <c>Seq</c> is the row's place in
/// the document (the apply order within a kind and the checkpoint); <c>Row</c> is where to look in
/// the document ("line 7", "terminals[2]"). Only the fields of its kind are set. A row that failed
/// a per-row check is staged with <c>Valid = false</c> so that cross-row checks still see it.</summary>
public sealed record StagedImportRow(
    long Seq,
    string Row,
    StagedRowKind Kind,
    string Id,
    string? StoreId = null,
    string? Name = null,
    string? TimeZone = null,
    string? CorporateId = null,
    string? TerminalKind = null,
    string? SerialNumber = null,
    string? Model = null,
    string? AppVersion = null,
    bool Valid = true);
