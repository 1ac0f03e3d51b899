using System.Diagnostics;

namespace Fleet.Bench;

/// <summary>Drives one target (Fleet or the baseline) with requests from a factory. The factory is
/// called once per request, so a scenario decides what each request is (round-robin over terminals,
/// a rotating list filter) and keeps its position from one run to the next.</summary>
public sealed class LoadGenerator(HttpClient client)
{
    public async Task<LoadResult> RunAsync(Func<BenchRequest> next, LoadSettings settings, CancellationToken ct)
    {
        if (settings.Warmup > TimeSpan.Zero)
            await ClosedLoopAsync(next, settings with { Duration = settings.Warmup, MaxRequests = null }, new LoadResult(), ct);
        var result = new LoadResult { TargetRate = settings.Rate };
        if (settings.Rate is { } rate) await OpenLoopAsync(next, settings, rate, result, ct);
        else await ClosedLoopAsync(next, settings, result, ct);
        return result;
    }

    private async Task ClosedLoopAsync(Func<BenchRequest> next, LoadSettings settings, LoadResult result, CancellationToken ct)
    {
        long started = 0;
        var clock = Stopwatch.StartNew();
        async Task Worker()
        {
            while (clock.Elapsed < settings.Duration)
            {
                ct.ThrowIfCancellationRequested();
                if (settings.MaxRequests is { } max && Interlocked.Increment(ref started) > max) return;
                var request = next();
                await SendAsync(request, Stopwatch.GetTimestamp(), settings.RequestTimeout, result, ct);
            }
        }
        await Task.WhenAll(Enumerable.Range(0, settings.Concurrency).Select(_ => Task.Run(Worker, ct)));
        result.Elapsed = clock.Elapsed;
    }

    private async Task OpenLoopAsync(Func<BenchRequest> next, LoadSettings settings, double rate, LoadResult result, CancellationToken ct)
    {
        var total = (long)Math.Max(1, rate * settings.Duration.TotalSeconds);
        if (settings.MaxRequests is { } max) total = Math.Min(total, max);
        var interval = Stopwatch.Frequency / rate;
        using var inFlight = new SemaphoreSlim(settings.MaxInFlight, settings.MaxInFlight);
        var start = Stopwatch.GetTimestamp();
        for (long i = 0; i < total; i++)
        {
            var due = start + (long)(i * interval);
            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
            if (wait > TimeSpan.FromMilliseconds(1)) await Task.Delay(wait, ct);
            // A full window delays the start, and the delay counts: latency runs from 'due'.
            await inFlight.WaitAsync(ct);
            var request = next();
            _ = Task.Run(async () =>
            {
                try { await SendAsync(request, due, settings.RequestTimeout, result, ct); }
                finally { inFlight.Release(); }
            }, CancellationToken.None);
        }
        // Wait for the stragglers: each ends by its own timeout at the latest.
        for (var i = 0; i < settings.MaxInFlight; i++)
            if (!await inFlight.WaitAsync(settings.RequestTimeout + TimeSpan.FromSeconds(10), ct)) break;
        result.Elapsed = Stopwatch.GetElapsedTime(start);
    }

    private async Task SendAsync(BenchRequest request, long startTimestamp, TimeSpan timeout, LoadResult result, CancellationToken ct)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(timeout);
        try
        {
            using var message = request.ToMessage();
            using var response = await client.SendAsync(message, HttpCompletionOption.ResponseContentRead, deadline.Token);
            var status = (int)response.StatusCode;
            if (request.IsExpected(status))
            {
                result.RecordOk(Stopwatch.GetElapsedTime(startTimestamp));
                return;
            }
            var body = await response.Content.ReadAsStringAsync(deadline.Token);
            result.RecordStatus(status, $"{request.Method} {request.Path} → {status}: {Shorten(body)}");
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            result.RecordTransportError($"{request.Method} {request.Path}: no answer within {timeout.TotalSeconds:0.#} s");
        }
        catch (HttpRequestException e)
        {
            result.RecordTransportError($"{request.Method} {request.Path}: {e.Message} {e.InnerException?.Message}".Trim());
        }
    }

    public static string Shorten(string text) =>
        text.Length <= 300 ? text.ReplaceLineEndings(" ") : text[..300].ReplaceLineEndings(" ") + "…";
}
