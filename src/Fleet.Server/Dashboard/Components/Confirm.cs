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
}
