using MudBlazor;

namespace Fleet.Server.Dashboard.Layout;

/// <summary>The dashboard's one theme, light and dark. System fonts only: the dashboard must work
/// on networks that cannot reach a font CDN.</summary>
public static class FleetTheme
{
    public static readonly MudTheme Theme = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#1f5fa8",
            Secondary = "#0f8a7e",
            AppbarBackground = "#163a63",
            Background = "#f5f7fa",
            DrawerBackground = "#ffffff",
            Success = "#2e7d32",
            Error = "#c62828",
            Warning = "#b26a00",
        },
        PaletteDark = new PaletteDark
        {
            Primary = "#6ea8ff",
            Secondary = "#4fd1c5",
            AppbarBackground = "#111827",
            Background = "#0b1220",
            Surface = "#131c2e",
            DrawerBackground = "#0f1726",
            Success = "#66bb6a",
            Error = "#ef5350",
            Warning = "#ffb74d",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography
            {
                FontFamily = ["system-ui", "-apple-system", "Segoe UI", "Roboto", "Helvetica Neue", "Arial", "sans-serif"],
            },
        },
        LayoutProperties = new LayoutProperties { DefaultBorderRadius = "8px" },
    };
}
