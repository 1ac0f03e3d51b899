using Fleet.Throttling;

namespace Fleet.Server.Throttling;

/// <summary>One brake's settings, bound wherever that brake is configured (for example
/// <c>Fleet:SignIn:Account</c> or <c>Fleet:ApiKeys:Guessing</c>): <see cref="Limit"/> counted events
/// within <see cref="Window"/> start a block of <see cref="Window"/>, doubling for each further block
/// in a row up to <see cref="MaxBackoff"/>.</summary>
public sealed class BrakeOptions
{
    public int Limit { get; set; } = 10;
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(5);
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromHours(1);

    public ThrottlePolicy Policy => new(Limit, Window, MaxBackoff);

    public BrakeOptions With(int limit, TimeSpan window, TimeSpan maxBackoff)
    {
        Limit = limit;
        Window = window;
        MaxBackoff = maxBackoff;
        return this;
    }

    /// <summary>What is wrong with these settings, each prefixed with <paramref name="section"/>.</summary>
    public IEnumerable<string> Problems(string section)
    {
        if (Limit < 1) yield return $"{section}:Limit must be at least 1.";
        if (Window <= TimeSpan.Zero) yield return $"{section}:Window must be positive.";
    }
}
