namespace Fleet.Storage.Import;

/// <summary>The outcome of the cross-row checks on a staged import. <c>RowsWithOnlyCrossRowErrors</c>
/// counts rows that passed their own checks but are duplicates or name an unknown store, so that
/// the caller can report how many rows have errors without counting a row twice.</summary>
public sealed record StagingCheck(
    int DuplicateRows, int MissingStoreRows, int RowsWithOnlyCrossRowErrors, IReadOnlyList<StagedRowError> Errors)
{
    public bool Passed => DuplicateRows == 0 && MissingStoreRows == 0;
    public int ErrorCount => DuplicateRows + MissingStoreRows;
}
