using Fleet.Common;
using Fleet.Server.Throttling;
using Fleet.Tests.Infrastructure;
using Fleet.Throttling;
using Microsoft.Extensions.Logging.Abstractions;

namespace Fleet.Tests.Grains;

/// <summary>The one throttle behind every brake: counts shared by all silos, blocks that back off
/// and always end, on a fake clock.</summary>
public sealed class BrakeTests(TwoSiloGrainCluster cluster) : IClassFixture<TwoSiloGrainCluster>
{
    private static readonly ThrottlePolicy Policy = new(3, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(4));

    /// <summary>The brake as the host on silo <paramref name="silo"/> holds it.</summary>
    private Brake OnSilo(int silo, string name) =>
        new Brakes(cluster.SiloGrains[silo], new FleetClock(cluster.Time), NullLogger<Brake>.Instance).For(name, () => Policy);

    [Fact]
    public async Task A_count_made_through_one_silo_brakes_on_every_silo()
    {
        var name = Unique.Id("brake");
        var (first, second) = (OnSilo(0, name), OnSilo(1, name));
        // An attacker spreading guesses over both silos behind a load balancer gets one budget, not two.
        await first.CountAsync("203.0.113.7");
        await second.CountAsync("203.0.113.7");
        Assert.Null(await first.RetryAfterAsync("203.0.113.7"));
        var third = await first.CountAsync("203.0.113.7");

        Assert.True(third.BlockStarted);
        Assert.Equal(3, third.Counted);
        Assert.Equal(TimeSpan.FromMinutes(1), await second.RetryAfterAsync("203.0.113.7"));
        Assert.Null(await second.RetryAfterAsync("203.0.113.8")); // another key is untouched
    }

    [Fact]
    public async Task Blocks_in_a_row_double_up_to_the_cap_and_always_end()
    {
        var brake = OnSilo(0, Unique.Id("brake"));
        var expected = new[] { 1, 2, 4, 4 }; // minutes: Window, then doubling, capped at MaxBackoff
        foreach (var minutes in expected)
        {
            ThrottleVerdict last = null!;
            for (var i = 0; i < Policy.Limit; i++) last = await brake.CountAsync("key");
            Assert.True(last.BlockStarted);
            Assert.Equal(TimeSpan.FromMinutes(minutes), last.BlockedFor);
            cluster.Time.Advance(TimeSpan.FromMinutes(minutes) - TimeSpan.FromSeconds(1));
            Assert.NotNull(await brake.RetryAfterAsync("key"));
            cluster.Time.Advance(TimeSpan.FromSeconds(1));
            Assert.Null(await brake.RetryAfterAsync("key"));
        }

        // Quiet for MaxBackoff after the last block: the next block is a first one again.
        cluster.Time.Advance(Policy.MaxBackoff);
        ThrottleVerdict again = null!;
        for (var i = 0; i < Policy.Limit; i++) again = await brake.CountAsync("key");
        Assert.Equal(TimeSpan.FromMinutes(1), again.BlockedFor);
    }

    [Fact]
    public async Task Failures_age_out_with_their_window_and_a_success_forgives_them()
    {
        var brake = OnSilo(1, Unique.Id("brake"));
        await brake.CountAsync("key");
        await brake.CountAsync("key");
        cluster.Time.Advance(Policy.Window);
        Assert.Equal(1, (await brake.CountAsync("key")).Counted); // the window started over

        await brake.CountAsync("key");
        Assert.Equal(2, await brake.ForgiveAsync("key"));
        Assert.Equal(1, (await brake.CountAsync("key")).Counted);
    }

    [Fact]
    public async Task A_success_forgives_the_count_but_not_the_backoff()
    {
        var brake = OnSilo(0, Unique.Id("brake"));
        for (var i = 0; i < Policy.Limit; i++) await brake.CountAsync("key");
        cluster.Time.Advance(Policy.Window);
        await brake.CountAsync("key");
        await brake.ForgiveAsync("key"); // an attacker who also holds a working credential

        ThrottleVerdict last = null!;
        for (var i = 0; i < Policy.Limit; i++) last = await brake.CountAsync("key");
        Assert.Equal(TimeSpan.FromMinutes(2), last.BlockedFor);
    }
}
