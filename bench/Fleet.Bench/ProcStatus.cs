namespace Fleet.Bench;

/// <summary>Process facts from Linux's <c>/proc</c>: what the kernel says, whatever the server
/// reports about itself.</summary>
public static class ProcStatus
{
    public static long ResidentBytes(int pid)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            // "VmRSS:	  859012 kB"
            if (!line.StartsWith("VmRSS:", StringComparison.Ordinal)) continue;
            var parts = line["VmRSS:".Length..].Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            return long.Parse(parts[0]) * 1024;
        }
        throw new InvalidOperationException($"/proc/{pid}/status has no VmRSS line.");
    }

    /// <summary>CPU time (user + system) the process has used so far, from <c>/proc/&lt;pid&gt;/stat</c>.</summary>
    public static TimeSpan CpuTime(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        // The command name (field 2) may hold spaces; fields after its closing parenthesis are fixed.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11]) + long.Parse(fields[12]); // utime, stime (fields 14, 15)
        return TimeSpan.FromSeconds(ticks / 100.0); // USER_HZ is 100 on Linux
    }
}
