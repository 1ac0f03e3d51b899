using System.Diagnostics;

namespace Fleet.Bench;

/// <summary>A server the harness runs as a child process (<c>dotnet X.dll</c>, which runs the app in
/// the same process, so the pid is the server's own): output goes to a log file, the pid to a
/// pid file so <c>infra/bench.sh</c> can clean up even if the harness itself is killed.</summary>
public sealed class ServerProcess : IDisposable
{
    private readonly string _name;
    private readonly ProcessStartInfo _start;
    private readonly string _logPath;
    private readonly string _pidPath;
    private Process? _process;
    private StreamWriter? _log;

    public ServerProcess(string name, string assembly, IEnumerable<string> args, IReadOnlyDictionary<string, string> environment, string workDirectory)
    {
        _name = name;
        _logPath = Path.Combine(workDirectory, $"{name}.log");
        _pidPath = Path.Combine(workDirectory, $"{name}.pid");
        _start = new ProcessStartInfo("dotnet", [assembly, .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workDirectory,
        };
        foreach (var (key, value) in environment) _start.Environment[key] = value;
    }

    public int Pid => _process?.Id ?? throw new InvalidOperationException($"{_name} is not running.");
    public bool HasExited => _process is null || _process.HasExited;
    public string LogPath => _logPath;

    public void Start()
    {
        if (!HasExited) throw new InvalidOperationException($"{_name} is already running.");
        _process?.Dispose();
        _log ??= new StreamWriter(_logPath, append: true) { AutoFlush = true };
        _log.WriteLine($"--- {DateTimeOffset.Now:O} starting {_name}");
        var process = new Process { StartInfo = _start };
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        File.WriteAllText(_pidPath, process.Id.ToString());
    }

    /// <summary>SIGKILL: no shutdown, nothing flushed — a crash.</summary>
    public void Kill()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(10_000);
        }
        if (File.Exists(_pidPath)) File.Delete(_pidPath);
    }

    /// <summary>Resident set size from <c>/proc/&lt;pid&gt;/status</c> (VmRSS), in bytes.</summary>
    public long ResidentBytes() => ProcStatus.ResidentBytes(Pid);

    /// <summary>The last lines of the log, for a failure message.</summary>
    public string Tail(int lines = 30)
    {
        try
        {
            using var stream = new FileStream(_logPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream);
            var all = reader.ReadToEnd().Split('\n');
            return string.Join('\n', all.TakeLast(lines));
        }
        catch (IOException e)
        {
            return $"(cannot read {_logPath}: {e.Message})";
        }
    }

    public void Dispose()
    {
        Kill();
        _process?.Dispose();
        lock (this) { _log?.Dispose(); _log = null; }
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (this) _log?.WriteLine(line);
    }
}
