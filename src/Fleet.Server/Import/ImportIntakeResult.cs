using Fleet.Import;

namespace Fleet.Server.Import;

/// <summary>What reading and checking an import document found: either the staged import, ready
/// for a job, or why it is refused. <c>Errors</c> is capped (the first ones in document order);
/// <c>ErrorCount</c> and <c>RowsWithErrors</c> are exact.</summary>
public sealed record ImportIntakeResult(
    StagedImport? Import, IReadOnlyList<ImportRowError> Errors, int ErrorCount, int RowsWithErrors)
{
    public bool Accepted => Import is not null;
}
