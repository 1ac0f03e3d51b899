namespace Fleet.Pairing;

/// <summary>How a request for a terminal's setup code ended.</summary>
[GenerateSerializer, Alias("fleet.setup-code-outcome")]
public enum SetupCodeOutcome
{
    Issued = 0,
    TerminalNotFound = 1,
    WindowClosed = 2,
    Locked = 3,
}
