using System.Globalization;
using System.Security.Cryptography;
using Fleet.Storage.ReadModel;

namespace Fleet.Server.Audit;

/// <summary>Audit event ids: 12 hex digits of unix milliseconds, a 10-digit per-process sequence and
/// 10 random hex digits chosen once per process. They sort by time (and, within one silo and one
/// millisecond, by order of writing) and two silos never produce the same one.</summary>
public sealed class AuditEventIds
{
    private readonly string _node = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(5));
    private long _sequence;

    public string Next(DateTimeOffset at)
    {
        var sequence = Interlocked.Increment(ref _sequence) & 0xFF_FFFF_FFFF;
        return FleetReadModel.AuditTimePrefix(at) + sequence.ToString("x10", CultureInfo.InvariantCulture) + _node;
    }
}
