using System.Globalization;

namespace Fleet.Bench;

/// <summary>The command line. Every option has a default sized for a real run on a small machine;
/// <c>--smoke</c> shrinks all of them to a few seconds per scenario for CI.</summary>
public sealed class BenchOptions
{
    // rss before heartbeats: it makes every terminal report once, so the heartbeat runs measure a fleet
    // in its steady state (a terminal's first report is written before the answer; later unchanged ones are not).
    public static readonly string[] AllScenarios = ["import", "rss", "heartbeats", "health", "list", "revocation", "restart"];

    public string? FleetAssembly { get; private set; }
    public string? WorkDirectory { get; private set; }
    public string Storage { get; private set; } = "sqlite";
    public string? PostgresConnection { get; private set; }
    public int Terminals { get; private set; } = 10_000;
    public IReadOnlyList<string> Scenarios { get; private set; } = AllScenarios;
    public int Concurrency { get; private set; } = 32;
    public int ReadConcurrency { get; private set; } = 4;
    public TimeSpan Duration { get; private set; } = TimeSpan.FromSeconds(30);
    public TimeSpan ListDuration { get; private set; } = TimeSpan.FromSeconds(5);
    public TimeSpan Warmup { get; private set; } = TimeSpan.FromSeconds(3);
    public double? Rate { get; private set; }
    /// <summary>Fleet's <c>Fleet:Health:OfflineAfter</c> for the run, when set. On two cores the generator
    /// cannot send a million terminals' heartbeats at a real fleet's cadence (one a minute each is
    /// 16,667 req/s), so a round-robin comes back to each terminal only after minutes, every heartbeat
    /// a "return from offline". Scaling the offline window with the cycle keeps the share of steady-state
    /// heartbeats what a real fleet has; the per-heartbeat work (a million-row database) is unchanged.</summary>
    public TimeSpan? OfflineAfter { get; private set; }
    public TimeSpan RequestTimeout { get; private set; } = TimeSpan.FromSeconds(30);
    public int ImportChunkRows { get; private set; } = 1_100_000;
    public TimeSpan ImportTimeout { get; private set; } = TimeSpan.FromHours(2);
    public TimeSpan RssTimeout { get; private set; } = TimeSpan.FromMinutes(20);
    /// <summary>How long the terminals keep reporting after each has reported once, before the
    /// steady-state RSS is read: longer than Fleet's idle-activation lifetime (2 min) plus up to two of Orleans'
    /// collection quanta (1 min each), so that memory shows a fleet that reports, not one that just arrived.</summary>
    public TimeSpan RssSettle { get; private set; } = TimeSpan.FromSeconds(300);
    /// <summary>Certificates revoked in bulk by <c>revocation</c> (whole stores of 20); by default
    /// every terminal but the <see cref="RevocationProbes"/>.</summary>
    public int? Revoked { get; private set; }
    /// <summary>Certificates <c>revocation</c> revokes one call at a time to time the call, half
    /// before the bulk and half after.</summary>
    public int RevocationProbes { get; private set; } = 200;
    public TimeSpan ReadyTimeout { get; private set; } = TimeSpan.FromMinutes(3);
    public TimeSpan TotalTimeout { get; private set; } = TimeSpan.FromHours(4);
    public string? OutputPath { get; private set; }
    public string? Label { get; private set; }
    public bool Smoke { get; private set; }
    public bool Keep { get; private set; }
    public string CommandLine { get; private set; } = "";

    public const string Usage = """
        Fleet.Bench — load Fleet and a Kestrel "hello" baseline side by side and print fleet / baseline ratios.
        Usually run through infra/bench.sh, which builds Release and starts PostgreSQL when asked.

          --fleet-dll PATH          Fleet.Server.dll to run (default: src/Fleet.Server/bin/<config>/net10.0)
          --storage sqlite|postgres (default sqlite)      --postgres CONNSTRING (for postgres)
          --terminals N             terminals to import (stores: N/20)            (default 10000)
          --scenarios a,b,c         of import,rss,heartbeats,health,list,revocation,restart (default all)
          --revoked K               certificates the revocation scenario enrols and revokes in bulk
                                    (default: every terminal but the probes)
          --revocation-probes P     certificates revoked one call at a time, half at 0 and half at K revoked (default 200)
          --concurrency C           closed-loop workers for heartbeats             (default 32)
          --read-concurrency C      closed-loop workers for health and list        (default 4)
          --duration S              seconds per heartbeat and health run           (default 30)
          --list-duration S         seconds per list variant                       (default 5)
          --warmup S                unmeasured seconds before each run             (default 3)
          --rate R                  open-loop rate for the "half rate" run (default: half Fleet's max)
          --offline-after S         Fleet's Fleet:Health:OfflineAfter for the run (default: Fleet's own, 120 s)
          --request-timeout S       per request                                    (default 30)
          --import-chunk ROWS       rows per import request (Fleet takes ≤ 1100000, ≤ 512 MiB) (default 1100000)
          --import-timeout S        for the whole import                           (default 7200)
          --rss-timeout S           to heartbeat every terminal once               (default 1200)
          --rss-settle S            terminals keep reporting this long before the steady-state RSS (default 300)
          --timeout S               for the whole run                              (default 14400)
          --work-dir DIR            logs and Fleet's data (default: a temp dir, removed at the end)
          --out FILE                also write the markdown report there
          --label TEXT              printed in the report (e.g. the commit)
          --smoke                   tiny size, seconds per scenario (CI)
          --keep                    keep the work dir
        """;

    public static BenchOptions Parse(string[] args)
    {
        var o = new BenchOptions { CommandLine = "Fleet.Bench " + string.Join(' ', args.Select(Quote)) };
        // --smoke first, so explicit options given with it still win.
        if (args.Contains("--smoke")) o.ApplySmoke();
        for (var i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            TimeSpan Seconds() => TimeSpan.FromSeconds(double.Parse(Value(), CultureInfo.InvariantCulture));
            int Int() => int.Parse(Value(), CultureInfo.InvariantCulture);
            switch (args[i])
            {
                case "--fleet-dll": o.FleetAssembly = Path.GetFullPath(Value()); break;
                case "--work-dir": o.WorkDirectory = Path.GetFullPath(Value()); break;
                case "--storage": o.Storage = Value().ToLowerInvariant(); break;
                case "--postgres": o.PostgresConnection = Value(); break;
                case "--terminals": o.Terminals = Int(); break;
                case "--scenarios": o.Scenarios = Value().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries); break;
                case "--concurrency": o.Concurrency = Int(); break;
                case "--read-concurrency": o.ReadConcurrency = Int(); break;
                case "--duration": o.Duration = Seconds(); break;
                case "--list-duration": o.ListDuration = Seconds(); break;
                case "--warmup": o.Warmup = Seconds(); break;
                case "--rate": o.Rate = double.Parse(Value(), CultureInfo.InvariantCulture); break;
                case "--offline-after": o.OfflineAfter = Seconds(); break;
                case "--request-timeout": o.RequestTimeout = Seconds(); break;
                case "--import-chunk": o.ImportChunkRows = Int(); break;
                case "--import-timeout": o.ImportTimeout = Seconds(); break;
                case "--rss-timeout": o.RssTimeout = Seconds(); break;
                case "--rss-settle": o.RssSettle = Seconds(); break;
                case "--revoked": o.Revoked = Int(); break;
                case "--revocation-probes": o.RevocationProbes = Int(); break;
                case "--timeout": o.TotalTimeout = Seconds(); break;
                case "--out": o.OutputPath = Path.GetFullPath(Value()); break;
                case "--label": o.Label = Value(); break;
                case "--smoke": break;
                case "--keep": o.Keep = true; break;
                default: throw new ArgumentException($"Unknown option '{args[i]}'.");
            }
        }
        o.Validate();
        return o;
    }

    public bool Runs(string scenario) => Scenarios.Contains(scenario);

    private void ApplySmoke()
    {
        Smoke = true;
        Terminals = 200;
        Concurrency = 4;
        ReadConcurrency = 2;
        Duration = TimeSpan.FromSeconds(2);
        ListDuration = TimeSpan.FromSeconds(0.5);
        Warmup = TimeSpan.FromSeconds(0.5);
        RequestTimeout = TimeSpan.FromSeconds(20);
        ImportTimeout = TimeSpan.FromMinutes(2);
        RssTimeout = TimeSpan.FromMinutes(1);
        RssSettle = TimeSpan.FromSeconds(2);
        RevocationProbes = 20;
        ReadyTimeout = TimeSpan.FromMinutes(1);
        TotalTimeout = TimeSpan.FromMinutes(5);
    }

    private void Validate()
    {
        if (Storage is not ("sqlite" or "postgres")) throw new ArgumentException("--storage is sqlite or postgres.");
        if (Storage == "postgres" && string.IsNullOrWhiteSpace(PostgresConnection))
            throw new ArgumentException("--storage postgres needs --postgres CONNSTRING (infra/bench.sh starts one).");
        if (Terminals < 20) throw new ArgumentException("--terminals must be at least 20 (one store holds 20).");
        if (Concurrency < 1 || ReadConcurrency < 1) throw new ArgumentException("Concurrency must be at least 1.");
        if (ImportChunkRows < 21) throw new ArgumentException("--import-chunk must be at least 21 rows.");
        if (Rate is <= 0) throw new ArgumentException("--rate must be positive.");
        if (RevocationProbes < 2 || Revoked is < 1 || (Revoked ?? 0) + RevocationProbes > Terminals)
            throw new ArgumentException("--revocation-probes must be at least 2, --revoked at least 1, and both together at most --terminals (each enrols a terminal once).");
        var unknown = Scenarios.Except(AllScenarios).ToArray();
        if (unknown.Length > 0) throw new ArgumentException($"Unknown scenario(s) {string.Join(", ", unknown)}; known: {string.Join(",", AllScenarios)}.");
    }

    private static string Quote(string arg) => arg.Contains(' ') || arg.Length == 0 ? $"'{arg}'" : arg;
}
