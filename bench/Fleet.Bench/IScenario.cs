namespace Fleet.Bench;

/// <summary>One selectable measurement (<c>--scenarios</c>). It adds its rows to the report and
/// throws <see cref="BenchFailure"/> when its figures cannot be trusted.</summary>
public interface IScenario
{
    string Name { get; }

    Task RunAsync(BenchContext context, CancellationToken ct);
}
