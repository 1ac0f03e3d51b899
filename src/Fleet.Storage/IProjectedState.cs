namespace Fleet.Storage;

/// <summary>
/// A grain state that also keeps one relational read-model row current. <see cref="RelationalGrainStorage"/>
/// writes the row in the same transaction as the state, so lists and searches never see a row that
/// disagrees with the grain's stored state.
/// </summary>
public interface IProjectedState
{
    /// <summary>The row this state projects to; <see cref="ReadModelRow.Columns"/> == null deletes it.</summary>
    /// <param name="grainKey">The grain's key (<c>GrainId.Key</c> as a string), e.g. the terminal id.</param>
    ReadModelRow ToReadModelRow(string grainKey);
}
