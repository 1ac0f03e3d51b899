using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Fleet.Tests.Infrastructure;

/// <summary>Keeps the log entries of a host (warning and above, and Fleet's own information lines),
/// so a test can assert that a client's mistake left no error-level line behind, or that a refusal
/// was logged with its reason.</summary>
public sealed class LogCapture : ILoggerProvider
{
    private readonly ConcurrentQueue<LogEntry> _entries = new();

    public sealed record LogEntry(LogLevel Level, string Category, string Message, Exception? Exception)
    {
        public override string ToString() => $"{Level} {Category}: {Message}{(Exception is null ? "" : $" ({Exception.GetType().Name}: {Exception.Message})")}";
    }

    public IReadOnlyList<LogEntry> Entries => _entries.ToArray();

    /// <summary>Entries at <see cref="LogLevel.Error"/> or above logged since <paramref name="mark"/>.</summary>
    public IReadOnlyList<LogEntry> ErrorsSince(int mark) =>
        _entries.Skip(mark).Where(e => e.Level >= LogLevel.Error).ToArray();

    /// <summary>Entries from <paramref name="category"/> logged since <paramref name="mark"/>.</summary>
    public IReadOnlyList<LogEntry> Since(int mark, string category) =>
        _entries.Skip(mark).Where(e => e.Category == category).ToArray();

    /// <summary>How many entries there are now: pass it to <see cref="ErrorsSince"/> later.</summary>
    public int Mark() => _entries.Count;

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(LogCapture capture, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel)) capture._entries.Enqueue(new LogEntry(logLevel, category, formatter(state, exception), exception));
        }
    }
}
