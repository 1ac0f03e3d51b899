namespace Fleet.Storage.GroupCommit;

/// <summary>One write's own statement failed inside a batch: the transaction is rolled back and the
/// batch runs again without that write, which alone is failed with <see cref="Exception.InnerException"/>.</summary>
internal sealed class WriteFailure(int index, Exception inner) : Exception(inner.Message, inner)
{
    public int Index { get; } = index;
}
