namespace Fleet.Storage.GroupCommit;

/// <summary>What one grain write asks of the database.</summary>
internal enum StateWriteKind
{
    /// <summary>The grain has no ETag: the row must not exist yet.</summary>
    Insert,

    /// <summary>Replace the row if its version is still the grain's ETag.</summary>
    Update,

    /// <summary>Delete the row if its version is still the grain's ETag.</summary>
    Delete,

    /// <summary>Clear with no ETag: succeeds only if no row exists (nothing to delete).</summary>
    DeleteAbsent,
}

/// <summary>One grain write waiting for its batch. Each keeps its own ETag check and its own outcome:
/// a conflict or failure completes this write alone.</summary>
internal sealed class StateWrite(
    StateWriteKind kind, string stateName, string grainId, string? alias, byte[]? payload,
    long expectedVersion, long updatedAt, ReadModelRow? projection)
{
    private readonly TaskCompletionSource<StateWriteOutcome> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public StateWriteKind Kind { get; } = kind;
    public string StateName { get; } = stateName;
    public string GrainId { get; } = grainId;
    public string? Alias { get; } = alias;
    public byte[]? Payload { get; } = payload;
    public long ExpectedVersion { get; } = expectedVersion;
    public long UpdatedAt { get; } = updatedAt;
    public ReadModelRow? Projection { get; } = projection;

    public Task<StateWriteOutcome> Outcome => _completion.Task;

    public void Complete(StateWriteOutcome outcome) => _completion.TrySetResult(outcome);

    public void Fail(Exception exception) => _completion.TrySetException(exception);
}

/// <summary>A write's result once its transaction committed: applied, or refused by the ETag check
/// with the version the database holds (null when no row exists).</summary>
internal readonly record struct StateWriteOutcome(bool Applied, long? StoredVersion)
{
    public static readonly StateWriteOutcome Done = new(true, null);
}
