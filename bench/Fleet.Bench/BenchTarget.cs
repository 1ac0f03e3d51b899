using System.Diagnostics;
using System.Net;

namespace Fleet.Bench;

/// <summary>A server under load — Fleet or the baseline — as the scenarios see it: an HTTPS base
/// address, an API key (Fleet only), and the child process behind it.</summary>
public sealed class BenchTarget(string name, Uri baseAddress, string? apiKey, ServerProcess process, string readyPath) : IDisposable
{
    public string Name { get; } = name;
    public Uri BaseAddress { get; } = baseAddress;
    public string? ApiKey { get; } = apiKey;
    public ServerProcess Process { get; } = process;

    /// <summary>Fleet's device listener (enrolment, OCSP); none for the baseline, which answers anything on one port.</summary>
    public Uri? DeviceAddress { get; init; }

    public HttpClient Client(int connections = 4) => BenchClient.Create(BaseAddress, ApiKey, connections);

    public LoadGenerator Generator(HttpClient client) => new(client);

    /// <summary>Polls <c>readyPath</c> until it answers 200; fails at once if the process died.</summary>
    public async Task<TimeSpan> WaitReadyAsync(TimeSpan timeout, CancellationToken ct, long? sinceTimestamp = null)
    {
        var started = sinceTimestamp ?? Stopwatch.GetTimestamp();
        using var client = Client(1);
        string last = "no answer yet";
        while (Stopwatch.GetElapsedTime(started) < timeout)
        {
            ct.ThrowIfCancellationRequested();
            if (Process.HasExited)
                throw new BenchFailure($"{Name} exited before it was ready; last log lines:\n{Process.Tail()}");
            try
            {
                using var probe = CancellationTokenSource.CreateLinkedTokenSource(ct);
                probe.CancelAfter(TimeSpan.FromSeconds(5));
                using var response = await client.GetAsync(readyPath, probe.Token);
                if (response.StatusCode == HttpStatusCode.OK) return Stopwatch.GetElapsedTime(started);
                last = $"{(int)response.StatusCode}";
            }
            catch (HttpRequestException e) { last = e.Message; }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested) { last = "probe timed out"; }
            await Task.Delay(50, ct);
        }
        throw new BenchFailure($"{Name} was not ready ({readyPath}) within {timeout.TotalSeconds:0} s (last: {last}); log tail:\n{Process.Tail()}");
    }

    public void Dispose() => Process.Dispose();
}
