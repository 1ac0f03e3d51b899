using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Fleet.Bench.Scenarios;

/// <summary>Seeds the estate through <c>POST /api/v1/import</c> (CSV, the documented format) and
/// measures rows/s from the first upload to the last job completed. Fleet takes at most 200,000
/// rows and 32 MB per import, so a large estate goes in several documents (the report says how
/// many). The baseline receives the first document too: its rows/s is the cost of just uploading it.
/// Every other scenario needs the estate, so this one always runs first.</summary>
public sealed class ImportScenario : IScenario
{
    private const long FleetMaxBytes = 512L * 1024 * 1024;

    public string Name => "import";

    public async Task RunAsync(BenchContext c, CancellationToken ct)
    {
        var o = c.Options;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(o.ImportTimeout);
        try
        {
            await ImportAsync(c, deadline.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new BenchFailure($"the import did not finish within --import-timeout {o.ImportTimeout.TotalSeconds:0} s.");
        }
    }

    private static async Task ImportAsync(BenchContext c, CancellationToken ct)
    {
        var o = c.Options;
        using var fleet = c.Fleet.Client(1);
        using var baseline = c.Baseline.Client(1);
        var documents = 0;
        long rows = 0;
        TimeSpan baselineTime = default;
        var baselineRows = 0;
        var cpuBefore = ProcStatus.CpuTime(c.Fleet.Process.Pid);
        var clock = Stopwatch.StartNew();
        foreach (var (csv, documentRows) in c.Estate.ImportDocuments(o.ImportChunkRows))
        {
            var bytes = Encoding.UTF8.GetBytes(csv);
            if (bytes.Length > FleetMaxBytes)
                throw new BenchFailure($"an import document is {bytes.Length / 1048576.0:0.0} MB, over Fleet's 512 MiB; lower --import-chunk.");
            if (documents == 0)
            {
                // Baseline right before Fleet, on the same document.
                var sent = Stopwatch.StartNew();
                using var answer = await baseline.SendAsync(Post(bytes), ct);
                if (answer.StatusCode != HttpStatusCode.OK) throw new BenchFailure($"baseline import upload → {(int)answer.StatusCode}");
                baselineTime = sent.Elapsed;
                baselineRows = documentRows;
                clock.Restart();
                cpuBefore = ProcStatus.CpuTime(c.Fleet.Process.Pid);
            }
            documents++;
            c.Log($"import document {documents}: {documentRows} rows ({bytes.Length / 1024} KB)");
            await ImportDocumentAsync(c, fleet, bytes, documentRows, ct);
            rows += documentRows;
        }
        var elapsed = clock.Elapsed;
        var cores = (ProcStatus.CpuTime(c.Fleet.Process.Pid) - cpuBefore) / elapsed;
        await c.RequireAllTerminalsAsync("after the import", ct);
        c.RssAfterSeed = c.Fleet.Process.ResidentBytes();

        var fleetRate = rows / elapsed.TotalSeconds;
        var baselineRate = baselineRows / baselineTime.TotalSeconds;
        var split = documents == 1 ? "one import" : $"split into {documents} imports (Fleet takes ≤ 200,000 rows and ≤ 32 MB per import)";
        c.Report.Add("import", $"rows/s ({rows:N0} rows: {c.Estate.Terminals:N0} terminals + {c.Estate.Stores:N0} stores)",
            Report.Rate(fleetRate), Report.Rate(baselineRate) + " (upload only)", Report.Ratio(fleetRate, baselineRate),
            $"{split}; {elapsed.TotalSeconds:N0} s wall; Fleet used {cores:0.00} cores; rows/s from first upload to last job completed");
    }

    private static async Task ImportDocumentAsync(BenchContext c, HttpClient fleet, byte[] csv, int documentRows, CancellationToken ct)
    {
        // Fleet validates the whole document before answering, and waits up to ~20 s for small jobs.
        using var upload = CancellationTokenSource.CreateLinkedTokenSource(ct);
        upload.CancelAfter(c.Options.RequestTimeout + TimeSpan.FromMinutes(5));
        using var response = await fleet.SendAsync(Post(csv), upload.Token);
        var body = await response.Content.ReadAsStringAsync(upload.Token);
        if (response.StatusCode is not (HttpStatusCode.OK or HttpStatusCode.Accepted))
            throw new BenchFailure($"POST /api/v1/import → {(int)response.StatusCode}: {LoadGenerator.Shorten(body)}");
        var progress = ImportProgress.Parse(body);
        var lastLog = Stopwatch.StartNew();
        var poll = c.Options.Smoke ? TimeSpan.FromMilliseconds(200) : TimeSpan.FromSeconds(1);
        var pollFailures = 0;
        while (!progress.Completed)
        {
            await Task.Delay(poll, ct);
            using var probe = CancellationTokenSource.CreateLinkedTokenSource(ct);
            probe.CancelAfter(c.Options.RequestTimeout);
            try
            {
                using var answer = await fleet.GetAsync($"/api/v1/import/{progress.JobId}", probe.Token);
                var text = await answer.Content.ReadAsStringAsync(probe.Token);
                if ((int)answer.StatusCode >= 500 || answer.StatusCode != HttpStatusCode.OK)
                    throw new BenchFailure($"GET /api/v1/import/{progress.JobId} → {(int)answer.StatusCode}: {LoadGenerator.Shorten(text)}");
                progress = ImportProgress.Parse(text);
                pollFailures = 0;
            }
            catch (Exception e) when (e is HttpRequestException || (e is OperationCanceledException && !ct.IsCancellationRequested))
            {
                BenchContext.EnsureRunning(c.Fleet);
                if (++pollFailures >= 3) throw new BenchFailure($"polling import job {progress.JobId} failed 3 times: {e.Message}");
            }
            if (lastLog.Elapsed > TimeSpan.FromSeconds(15))
            {
                c.Log($"import job {progress.JobId}: {progress.Applied}/{progress.Total} applied");
                lastLog.Restart();
            }
        }
        if (progress.Error is not null) throw new BenchFailure($"import job {progress.JobId} completed with an error: {progress.Error}");
        if (progress.Total != documentRows) throw new BenchFailure($"import job {progress.JobId} has {progress.Total} rows, sent {documentRows}.");
    }

    private static HttpRequestMessage Post(byte[] csv) => new(HttpMethod.Post, "/api/v1/import")
    {
        Content = new ByteArrayContent(csv) { Headers = { ContentType = new MediaTypeHeaderValue("text/csv") } },
    };

    /// <summary>The fields of an import job the harness reads (status is a number or a name,
    /// depending on Fleet's JSON settings).</summary>
    private sealed record ImportProgress(string JobId, bool Completed, long Total, long Applied, string? Error)
    {
        public static ImportProgress Parse(string json)
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            var status = root.GetProperty("status");
            var completed = status.ValueKind == JsonValueKind.Number
                ? status.GetInt32() == 1
                : string.Equals(status.GetString(), "completed", StringComparison.OrdinalIgnoreCase);
            var error = root.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.String ? e.GetString() : null;
            return new ImportProgress(root.GetProperty("jobId").GetString()!, completed,
                root.GetProperty("total").GetInt64(), root.GetProperty("applied").GetInt64(), error);
        }
    }
}
