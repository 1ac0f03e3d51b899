namespace Fleet.Server.Audit;

/// <summary>The actor of the work running in this async flow, where no HttpContext tells it: a
/// dashboard circuit sets it around every inbound activity (click, form submit), so the shared
/// application services record the signed-in user without every page passing it down.</summary>
public static class AuditScope
{
    private static readonly AsyncLocal<AuditActor?> CurrentActor = new();

    public static AuditActor? Current => CurrentActor.Value;

    /// <summary>Sets the actor until the returned handle is disposed.</summary>
    public static IDisposable Use(AuditActor? actor)
    {
        var previous = CurrentActor.Value;
        CurrentActor.Value = actor;
        return new Restore(previous);
    }

    private sealed class Restore(AuditActor? previous) : IDisposable
    {
        public void Dispose() => CurrentActor.Value = previous;
    }
}
