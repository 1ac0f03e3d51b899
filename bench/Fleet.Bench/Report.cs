using System.Globalization;
using System.Text;

namespace Fleet.Bench;

/// <summary>The markdown report: facts about the run, then one table row per measure with Fleet,
/// the baseline and their ratio, then each scenario's outcome (and why it failed).</summary>
public sealed class Report(BenchOptions options)
{
    private readonly List<string[]> _rows = [];
    private readonly List<(string Scenario, string? Failure, TimeSpan Took)> _outcomes = [];
    private readonly List<string> _notes = [];

    public bool Failed => _outcomes.Any(o => o.Failure is not null);

    public void Add(string scenario, string measure, string fleet, string baseline, string ratio, string note = "") =>
        _rows.Add([scenario, measure, fleet, baseline, ratio, note]);

    public void Note(string note) => _notes.Add(note);

    public void Outcome(string scenario, string? failure, TimeSpan took) => _outcomes.Add((scenario, failure, took));

    public string ToMarkdown()
    {
        var md = new StringBuilder();
        md.AppendLine($"## Fleet benchmark — {options.Storage}, N = {options.Terminals:N0} terminals{(options.Smoke ? " (smoke)" : "")}");
        md.AppendLine();
        md.AppendLine($"- command: `{options.CommandLine}`");
        if (options.Label is not null) md.AppendLine($"- label: {options.Label}");
        md.AppendLine($"- date: {DateTimeOffset.Now:yyyy-MM-dd HH:mm zzz}; machine: {Environment.ProcessorCount} cores, "
            + $"{System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}");
        md.AppendLine($"- storage: {options.Storage}; terminals: {options.Terminals:N0}; stores: {new BenchFleet(options.Terminals).Stores:N0}; "
            + $"heartbeat concurrency {options.Concurrency}, read concurrency {options.ReadConcurrency}, {options.Duration.TotalSeconds:0.#} s per heartbeat run, "
            + $"{options.ListDuration.TotalSeconds:0.#} s per read variant, {options.Warmup.TotalSeconds:0.#} s warm-up"
            + (options.OfflineAfter is { } offline ? $"; Fleet's OfflineAfter set to {offline.TotalSeconds:0} s (--offline-after)" : ""));
        md.AppendLine("- ratio = fleet / baseline, same generator settings, baseline run right before Fleet: "
            + "for rates higher is better, for latencies and memory lower is better");
        md.AppendLine();
        md.AppendLine("| scenario | measure | Fleet | baseline | fleet / baseline | notes |");
        md.AppendLine("|---|---|---|---|---|---|");
        foreach (var row in _rows) md.AppendLine("| " + string.Join(" | ", row.Select(c => c.Replace("|", "\\|"))) + " |");
        md.AppendLine();
        foreach (var (scenario, failure, took) in _outcomes)
            md.AppendLine(failure is null
                ? $"- {scenario}: ok ({took.TotalSeconds:0} s)"
                : $"- **{scenario}: FAILED** ({took.TotalSeconds:0} s): {failure.ReplaceLineEndings(" ⏎ ")}");
        foreach (var note in _notes) md.AppendLine($"- {note}");
        return md.ToString();
    }

    public static string Ms(TimeSpan t) => t.TotalMilliseconds >= 100
        ? t.TotalMilliseconds.ToString("N0", CultureInfo.InvariantCulture) + " ms"
        : t.TotalMilliseconds.ToString("0.0#", CultureInfo.InvariantCulture) + " ms";

    public static string Rate(double perSecond) => perSecond.ToString("N0", CultureInfo.InvariantCulture);

    public static string Mb(long bytes) => (bytes / 1048576.0).ToString("N0", CultureInfo.InvariantCulture) + " MB";

    public static string Ratio(double fleet, double baseline)
    {
        if (baseline <= 0) return "–";
        var ratio = fleet / baseline;
        var format = ratio >= 10 ? "N0" : ratio >= 0.1 ? "0.00" : "G2"; // 0.0036×, not 0.00×
        return ratio.ToString(format, CultureInfo.InvariantCulture) + "×";
    }

    public static string Ratio(TimeSpan fleet, TimeSpan baseline) => Ratio(fleet.TotalMilliseconds, baseline.TotalMilliseconds);
}
