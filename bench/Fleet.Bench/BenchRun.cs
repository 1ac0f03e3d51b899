using System.Diagnostics;
using System.Runtime.InteropServices;
using Fleet.Bench.Scenarios;

namespace Fleet.Bench;

/// <summary>One benchmark run: start the baseline and Fleet, seed the estate, run the chosen
/// scenarios in a fixed order, print the report, and stop everything it started — also on Ctrl+C,
/// SIGTERM and <c>--timeout</c>.</summary>
public static class BenchRun
{
    public static async Task<int> RunAsync(BenchOptions o)
    {
        using var cancel = new CancellationTokenSource(o.TotalTimeout);
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, s => { s.Cancel = true; cancel.Cancel(); });
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, s => { s.Cancel = true; cancel.Cancel(); });
        var ct = cancel.Token;
        var work = o.WorkDirectory ?? Directory.CreateTempSubdirectory("fleet-bench-").FullName;
        Directory.CreateDirectory(work);
        var report = new Report(o);
        BenchTarget? fleet = null, baseline = null;
        var step = "start";
        var stepClock = Stopwatch.StartNew();
        try
        {
            fleet = FleetLauncher.Fleet(o, work);
            baseline = FleetLauncher.Baseline(work);
            baseline.Process.Start();
            fleet.Process.Start();
            await Task.WhenAll(baseline.WaitReadyAsync(o.ReadyTimeout, ct), fleet.WaitReadyAsync(o.ReadyTimeout, ct));
            var context = new BenchContext(o, fleet, baseline, report) { RssAtReady = fleet.Process.ResidentBytes() };
            context.Log($"Fleet (pid {fleet.Process.Pid}, {o.Storage}) and baseline (pid {baseline.Process.Pid}) ready; work dir {work}");

            // The estate is needed by everything else, so the import always runs first.
            IScenario[] scenarios = [new ImportScenario(), new RssScenario(), new HeartbeatsScenario(), new HealthScenario(), new ListScenario(), new RevocationScenario(), new RestartScenario()];
            foreach (var scenario in scenarios.Where(s => s is ImportScenario || o.Runs(s.Name)))
            {
                step = scenario is ImportScenario && !o.Runs("import") ? "import (seed only)" : scenario.Name;
                stepClock.Restart();
                context.Log($"scenario {step}");
                string? failure = null;
                try
                {
                    await scenario.RunAsync(context, ct);
                }
                catch (BenchFailure e) { failure = e.Message; }
                catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
                {
                    failure = $"{e.GetType().Name}: {e.Message}";
                }
                report.Outcome(step, failure, stepClock.Elapsed);
                if (failure is not null) context.Log($"scenario {step} FAILED: {failure}");
                if (failure is not null && scenario is ImportScenario)
                {
                    report.Note("The other scenarios were skipped: they need the imported estate.");
                    break;
                }
            }
        }
        catch (BenchFailure e)
        {
            report.Outcome(step, e.Message, stepClock.Elapsed);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            report.Outcome(step, cancel.IsCancellationRequested && stepClock.Elapsed < o.TotalTimeout
                ? $"stopped: cancelled (signal) or the whole run exceeded --timeout {o.TotalTimeout.TotalSeconds:0} s"
                : "stopped", stepClock.Elapsed);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            report.Outcome(step, $"{e.GetType().Name}: {e.Message}", stepClock.Elapsed);
        }
        finally
        {
            fleet?.Dispose();
            baseline?.Dispose();
        }

        var markdown = report.ToMarkdown();
        Console.WriteLine(markdown);
        if (o.OutputPath is not null) await File.WriteAllTextAsync(o.OutputPath, markdown, CancellationToken.None);
        if (o.Keep) Console.Error.WriteLine($"[bench] logs and data kept in {work}");
        else if (o.WorkDirectory is null) TryDelete(work); // a given --work-dir belongs to the caller
        return report.Failed ? 1 : 0;
    }

    private static void TryDelete(string directory)
    {
        try { Directory.Delete(directory, recursive: true); }
        catch (IOException e) { Console.Error.WriteLine($"[bench] could not remove {directory}: {e.Message}"); }
    }
}
