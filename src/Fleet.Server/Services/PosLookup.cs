using Fleet.Storage.ReadModel;

namespace Fleet.Server.Services;

/// <summary>What a POS reference in a URL means: one POS (<see cref="Key"/>, its Fleet id), none, or
/// several (<see cref="Candidates"/>: the same posId in several stores).</summary>
public sealed record PosLookup(string? Key, IReadOnlyList<PosCandidate> Candidates)
{
    public bool IsAmbiguous => Key is null && Candidates.Count > 1;

    public static PosLookup One(string key) => new(key, []);

    public static PosLookup None { get; } = new(null, []);
}
