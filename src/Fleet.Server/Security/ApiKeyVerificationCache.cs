using System.Collections.Concurrent;
using Fleet.Access;
using Fleet.Common;
using Microsoft.Extensions.Options;

namespace Fleet.Server.Security;

/// <summary>This silo's memory of API keys that verified recently, keyed by the key's hash, so
/// that a REST request does not cost a call to the key's grain (one activation in the cluster,
/// which every request with that key would otherwise queue on). An entry lives
/// <see cref="ApiKeyCacheOptions.VerificationCacheTtl"/> (≤ 5 s) on the fleet clock: that bounds
/// how long a key revoked through another silo keeps working here. A revocation through this
/// silo evicts at once. Failures are never kept: random tokens cannot fill it.</summary>
public sealed class ApiKeyVerificationCache(IGrainFactory grains, FleetClock time, IOptions<ApiKeyCacheOptions> options, ApiKeyHasher hasher)
{
    private sealed record Entry(string KeyId, ApiRole Role, long ExpiresAt);

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    // Bumped by every eviction: a verification that started before it does not store its answer,
    // so a request racing a revocation cannot put the revoked key back.
    private long _epoch;

    internal int Count => _entries.Count;

    /// <summary>The key's role when it verified on this silo within the TTL, otherwise null (which
    /// says nothing about the key: ask <see cref="VerifyAsync"/>).</summary>
    public ApiRole? Recalled(string keyId, string token) => Recalled(keyId, hasher.Hash(token));

    private ApiRole? Recalled(string keyId, byte[] keyHash)
    {
        if (options.Value.VerificationCacheTtl <= TimeSpan.Zero) return null;
        var cacheKey = Convert.ToBase64String(keyHash);
        if (!_entries.TryGetValue(cacheKey, out var hit) || hit.KeyId != keyId) return null;
        if (time.GetTimestamp() < hit.ExpiresAt) return hit.Role;
        _entries.TryRemove(KeyValuePair.Create(cacheKey, hit));
        return null;
    }

    /// <summary>The key's role when it is live, otherwise null: from this silo's memory when it
    /// verified within the TTL, else from its grain.</summary>
    public async Task<ApiRole?> VerifyAsync(string keyId, string token)
    {
        var keyHash = hasher.Hash(token);
        if (Recalled(keyId, keyHash) is { } recalled) return recalled;
        var ttl = options.Value.VerificationCacheTtl;
        var cacheKey = Convert.ToBase64String(keyHash);
        var now = time.GetTimestamp();

        var epoch = Interlocked.Read(ref _epoch);
        var role = await grains.GetGrain<IApiKeyGrain>(keyId).Verify(keyHash, ApiKeyHasher.LegacyHash(token));
        if (role is null || ttl <= TimeSpan.Zero) return role;
        if (_entries.Count >= options.Value.VerificationCacheSize && !PurgeExpired()) return role; // full: answer uncached
        var entry = new Entry(keyId, role.Value, now + (long)(ttl.TotalSeconds * time.TimestampFrequency));
        _entries[cacheKey] = entry;
        if (Interlocked.Read(ref _epoch) != epoch) _entries.TryRemove(KeyValuePair.Create(cacheKey, entry));
        return role;
    }

    /// <summary>Forgets every cached verification of this key id (revoked or replaced through this silo).</summary>
    public void Evict(string keyId)
    {
        Interlocked.Increment(ref _epoch);
        foreach (var (cacheKey, entry) in _entries)
            if (entry.KeyId == keyId) _entries.TryRemove(KeyValuePair.Create(cacheKey, entry));
    }

    /// <summary>Drops expired entries; true when there is room afterwards.</summary>
    private bool PurgeExpired()
    {
        var now = time.GetTimestamp();
        foreach (var (cacheKey, entry) in _entries)
            if (entry.ExpiresAt <= now) _entries.TryRemove(KeyValuePair.Create(cacheKey, entry));
        return _entries.Count < options.Value.VerificationCacheSize;
    }
}
