using MudBlazor;

namespace Fleet.Server.Dashboard.Components;

/// <summary>Every destructive action asks first, naming what it will do.</summary>
public static class Confirm
{
    public static async Task<bool> ConfirmAsync(this IDialogService dialogs, string title, string message, string action) =>
        await dialogs.ShowMessageBoxAsync(new MessageBoxOptions
        {
            Title = title,
            Message = message,
            YesText = action,
            CancelText = "Cancel",
        }, new DialogOptions { CloseOnEscapeKey = true, MaxWidth = MaxWidth.Small }) == true;

    /// <summary>Asks for a reason and confirmation; null when cancelled.</summary>
    public static async Task<string?> AskReasonAsync(this IDialogService dialogs, string title, string message, string action,
        IReadOnlyList<string>? choices = null, bool required = true)
    {
        var parameters = new DialogParameters<ReasonDialog>
        {
            { x => x.Title, title }, { x => x.Message, message }, { x => x.Action, action },
            { x => x.Choices, choices }, { x => x.ReasonRequired, required },
        };
        var dialog = await dialogs.ShowAsync<ReasonDialog>(title, parameters, new DialogOptions { CloseOnEscapeKey = true, MaxWidth = MaxWidth.Small, FullWidth = true });
        var result = await dialog.Result;
        return result is { Canceled: false, Data: string reason } ? reason : null;
    }
}
