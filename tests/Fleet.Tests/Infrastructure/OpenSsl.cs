using System.Diagnostics;

namespace Fleet.Tests.Infrastructure;

/// <summary>Runs the real openssl binary; tests that need it fail (not skip) when it is missing.</summary>
public static class OpenSsl
{
    public static (int ExitCode, string Output) Run(params string[] arguments)
    {
        var start = new ProcessStartInfo("openssl")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start openssl.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(30_000))
        {
            process.Kill();
            throw new TimeoutException("openssl did not finish in 30 s.");
        }

        return (process.ExitCode, stdout.Result + stderr.Result);
    }

    public static string Succeed(params string[] arguments)
    {
        var (code, output) = Run(arguments);
        Assert.True(code == 0, $"openssl {string.Join(' ', arguments)} exited {code}: {output}");
        return output;
    }
}
