namespace Fleet.Storage.Import;

/// <summary>What a staged import row is, in the order rows are applied: terminals and POS name a
/// store, so every store is applied before any device.</summary>
public enum StagedRowKind
{
    Store = 0,
    Terminal = 1,
    Pos = 2,
}
