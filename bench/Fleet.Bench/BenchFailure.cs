namespace Fleet.Bench;

/// <summary>A scenario could not produce a trustworthy figure (a server died, did not get ready,
/// answered 5xx, an import failed). The message says what happened; the run goes on to the next
/// scenario and exits non-zero at the end.</summary>
public sealed class BenchFailure(string message) : Exception(message);
