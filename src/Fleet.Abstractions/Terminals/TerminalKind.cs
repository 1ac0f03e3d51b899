namespace Fleet.Terminals;

/// <summary>The two device families that run the acceptance app in Local mode.</summary>
[GenerateSerializer, Alias("fleet.terminal-kind")]
public enum TerminalKind
{
    Android = 0,
    Pax = 1,
}

public static class TerminalKinds
{
    public static string ToWire(this TerminalKind kind) => kind switch
    {
        TerminalKind.Android => "android",
        TerminalKind.Pax => "pax",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    public static bool TryParse(string? text, out TerminalKind kind)
    {
        switch (text?.Trim().ToLowerInvariant())
        {
            case "android": kind = TerminalKind.Android; return true;
            case "pax": kind = TerminalKind.Pax; return true;
            default: kind = default; return false;
        }
    }
}
