namespace Fleet.Common;

/// <summary>Read-model columns keep time as unix milliseconds: sortable and the same in both dialects.</summary>
internal static class UnixTime
{
    public static long Ms(DateTimeOffset time) => time.ToUnixTimeMilliseconds();

    public static long? Ms(DateTimeOffset? time) => time?.ToUnixTimeMilliseconds();
}
