using Fleet.Common;
using MudBlazor;

namespace Fleet.Server.Dashboard.Components;

/// <summary>Turns a command's outcome into what the user sees: a snackbar for the result, and the
/// field errors for the form (the same messages the REST API returns in its problem details).</summary>
public static class Feedback
{
    public static IReadOnlyDictionary<string, string> Show<T>(this ISnackbar snackbar, CommandResult<T> result, string success)
    {
        switch (result.Status)
        {
            case CommandStatus.Created or CommandStatus.Updated or CommandStatus.Deleted:
                snackbar.Add(success, Severity.Success);
                break;
            case CommandStatus.Unchanged:
                snackbar.Add("Nothing changed.", Severity.Info);
                break;
            case CommandStatus.Invalid:
                snackbar.Add(result.Message ?? "One or more fields are invalid.", Severity.Warning);
                break;
            default:
                snackbar.Add(result.Message ?? "The change was refused.", Severity.Error);
                break;
        }
        return result.Errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => string.Join(" ", g.Select(e => e.Message)));
    }
}
