using System.Numerics;

namespace Fleet.Bench;

/// <summary>Latencies in microseconds, bucketed with a relative error under 0.2 % (exact below
/// 1 ms): a long run costs a fixed few hundred kilobytes, not a list of every sample. Safe to
/// record from many threads at once.</summary>
public sealed class LatencyHistogram
{
    private const int Exact = 1024;      // values below this are their own bucket
    private const int SubBuckets = 512;  // buckets per power of two above it
    private const int MaxShift = 32;     // ~2^41 µs, far beyond any timeout
    private readonly long[] _counts = new long[Exact + MaxShift * SubBuckets];
    private long _count, _sum, _max;

    public long Count => Interlocked.Read(ref _count);
    public TimeSpan Max => TimeSpan.FromMicroseconds(Interlocked.Read(ref _max));
    public TimeSpan Mean => Count == 0 ? TimeSpan.Zero : TimeSpan.FromMicroseconds((double)Interlocked.Read(ref _sum) / Count);

    public void Record(TimeSpan latency)
    {
        var micros = Math.Max(0L, (long)latency.TotalMicroseconds);
        Interlocked.Increment(ref _counts[Index(micros)]);
        Interlocked.Increment(ref _count);
        Interlocked.Add(ref _sum, micros);
        var max = Interlocked.Read(ref _max);
        while (micros > max)
        {
            var seen = Interlocked.CompareExchange(ref _max, micros, max);
            if (seen == max) break;
            max = seen;
        }
    }

    /// <summary>The latency at or below which <paramref name="percentile"/> % of the samples lie
    /// (the upper edge of its bucket, so never flattering).</summary>
    public TimeSpan Percentile(double percentile)
    {
        var total = Count;
        if (total == 0) return TimeSpan.Zero;
        var rank = (long)Math.Ceiling(total * percentile / 100.0);
        long seen = 0;
        for (var i = 0; i < _counts.Length; i++)
        {
            seen += Interlocked.Read(ref _counts[i]);
            if (seen >= rank) return TimeSpan.FromMicroseconds(Math.Min(UpperEdge(i), Interlocked.Read(ref _max)));
        }
        return Max;
    }

    private static int Index(long micros)
    {
        if (micros < Exact) return (int)micros;
        var msb = 63 - BitOperations.LeadingZeroCount((ulong)micros); // >= 10
        var shift = Math.Min(msb - 9, MaxShift);
        var mantissa = Math.Min(micros >> shift, 2 * SubBuckets - 1); // 512..1023
        return Exact + (shift - 1) * SubBuckets + (int)(mantissa - SubBuckets);
    }

    private static long UpperEdge(int index)
    {
        if (index < Exact) return index;
        var shift = (index - Exact) / SubBuckets + 1;
        var mantissa = (index - Exact) % SubBuckets + SubBuckets;
        return ((mantissa + 1L) << shift) - 1;
    }
}
