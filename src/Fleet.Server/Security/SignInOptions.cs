using Fleet.Server.Throttling;

namespace Fleet.Server.Security;

/// <summary>Section <c>Fleet:SignIn</c>: the brakes on dashboard sign-in. Failures are counted
/// cluster-wide per client address (<see cref="Address"/>) and per account (<see cref="Account"/>);
/// a browser that has signed in to the account before carries a device cookie and is counted on
/// its own instead (<see cref="Device"/>), so guesses from elsewhere never lock the real user out
/// of the browser they use. Every block ends (backoff up to <c>MaxBackoff</c>).</summary>
public sealed class SignInOptions
{
    public const string Section = "Fleet:SignIn";

    public BrakeOptions Account { get; set; } = new BrakeOptions().With(10, TimeSpan.FromMinutes(5), TimeSpan.FromHours(1));

    public BrakeOptions Address { get; set; } = new BrakeOptions().With(20, TimeSpan.FromMinutes(5), TimeSpan.FromHours(1));

    public BrakeOptions Device { get; set; } = new BrakeOptions().With(10, TimeSpan.FromMinutes(5), TimeSpan.FromHours(1));

    /// <summary>How long a browser stays known to an account after its last successful sign-in.</summary>
    public TimeSpan DeviceLifetime { get; set; } = TimeSpan.FromDays(90);

    public IEnumerable<string> Problems() =>
        Account.Problems($"{Section}:Account")
            .Concat(Address.Problems($"{Section}:Address"))
            .Concat(Device.Problems($"{Section}:Device"))
            .Concat(DeviceLifetime > TimeSpan.Zero ? [] : [$"{Section}:DeviceLifetime must be positive."]);
}
