using System.Collections.Concurrent;
using Fleet.Common;
using Fleet.Throttling;

namespace Fleet.Server.Throttling;

/// <summary>This silo's brakes by name. Each feature asks for its own (<c>sign-in-account</c>,
/// <c>api-key-guessing</c>, …) with its policy; asking twice for a name gives the same
/// <see cref="Brake"/>, so its memory of blocks is shared by everything on the silo that uses it.</summary>
public sealed class Brakes(IGrainFactory grains, FleetClock time, ILogger<Brake> logger)
{
    private readonly ConcurrentDictionary<string, Brake> _brakes = new(StringComparer.Ordinal);

    public Brake For(string name, Func<ThrottlePolicy> policy) =>
        _brakes.GetOrAdd(name, static (n, state) => new Brake(n, state.policy, state.grains, state.time, state.logger),
            (policy, grains, time, logger));
}
