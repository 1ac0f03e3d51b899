using System.Diagnostics;

namespace Fleet.Bench.Scenarios;

/// <summary>A crash and a restart: SIGKILL Fleet, start it again on the same data, and time the
/// start until <c>/healthz/ready</c> answers 200 and until the API answers (health counts every
/// terminal: nothing acknowledged was lost). The baseline is killed and restarted the same way.</summary>
public sealed class RestartScenario : IScenario
{
    public string Name => "restart";

    public async Task RunAsync(BenchContext c, CancellationToken ct)
    {
        var baseline = await RestartAsync(c.Baseline, c, ct);
        var fleet = await RestartAsync(c.Fleet, c, ct);
        var started = Stopwatch.GetTimestamp();
        await c.RequireAllTerminalsAsync("after the restart", ct);
        var api = fleet + Stopwatch.GetElapsedTime(started);
        c.Report.Add("restart", "kill -9, start → /healthz/ready 200", Report.Ms(fleet), Report.Ms(baseline), Report.Ratio(fleet, baseline),
            $"then fleet health answered and counted all {c.Estate.Terminals:N0} terminals at {Report.Ms(api)}");
    }

    private static async Task<TimeSpan> RestartAsync(BenchTarget target, BenchContext c, CancellationToken ct)
    {
        BenchContext.EnsureRunning(target);
        target.Process.Kill();
        var started = Stopwatch.GetTimestamp();
        target.Process.Start();
        var ready = await target.WaitReadyAsync(c.Options.ReadyTimeout, ct, started);
        c.Log($"restart {target.Name}: ready after {ready.TotalMilliseconds:0} ms");
        return ready;
    }
}
