namespace Fleet.Tests.Infrastructure;

internal static class Unique
{
    public static string Id(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)];
}
