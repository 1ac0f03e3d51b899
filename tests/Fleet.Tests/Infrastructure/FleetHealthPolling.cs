using System.Text.Json.Nodes;

namespace Fleet.Tests.Infrastructure;

/// <summary>Fleet health is a snapshot refreshed in the background (at most
/// <c>Fleet:Health:SnapshotMaxAge</c> old, 100 ms on test servers), so a read right after a write
/// may still show the counts from before it. Tests poll until the snapshot shows what they wait
/// for, within a bound, then assert on that body as before.</summary>
public static class FleetHealthPolling
{
    public static readonly TimeSpan Bound = TimeSpan.FromSeconds(15);

    /// <summary>The first health body for which <paramref name="until"/> holds, or the last one
    /// read when the bound passes (the caller's assertions then fail on it).</summary>
    public static async Task<JsonNode> WaitForHealthAsync(this HttpClient client, Func<JsonNode, bool> until)
    {
        var deadline = DateTime.UtcNow + Bound;
        while (true)
        {
            var health = await client.GetJsonAsync("/api/v1/fleet/health");
            if (Holds(until, health) || DateTime.UtcNow > deadline) return health;
            await Task.Delay(50);
        }
    }

    // A section not yet present reads as "not yet", not as a crash of the wait.
    private static bool Holds(Func<JsonNode, bool> until, JsonNode health)
    {
        try
        {
            return until(health);
        }
        catch (NullReferenceException)
        {
            return false;
        }
    }
}
