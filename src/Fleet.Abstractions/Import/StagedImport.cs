namespace Fleet.Import;

/// <summary>An import whose rows are already validated and staged in the database under the job's
/// id (see <c>ImportStaging</c>); the job is told only how many rows of each kind to expect.</summary>
[GenerateSerializer, Immutable, Alias("fleet.staged-import")]
public sealed record StagedImport(
    [property: Id(0)] int Stores,
    [property: Id(1)] int Terminals,
    [property: Id(2)] int Pos)
{
    public int Count => Stores + Terminals + Pos;
}
