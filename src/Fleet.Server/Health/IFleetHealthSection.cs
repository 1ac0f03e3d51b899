namespace Fleet.Server.Health;

/// <summary>One area's part of the fleet health report (for example licences or Order N Pay
/// outlets). Registered in DI; each section reads its counts from the read model, never from
/// device grains.</summary>
public interface IFleetHealthSection
{
    /// <summary>The JSON property the section appears under, camelCase.</summary>
    string Name { get; }

    Task<object> ReadAsync(DateTimeOffset now, CancellationToken ct);
}
