namespace Fleet.Storage.Import;

/// <summary>A problem found across rows of a staged import (a duplicate id, an unknown store),
/// with the row's place in the document so it can be merged with per-row errors in order.</summary>
public sealed record StagedRowError(long Seq, string Row, StagedRowKind Kind, string Id, string Field, string Message);
