using Fleet.Common;
using Fleet.Storage;

namespace Fleet.Access;

[GenerateSerializer, Alias("fleet.api-key-state")]
public sealed class ApiKeyState : IProjectedState
{
    [Id(0)] public string Id { get; set; } = "";
    [Id(1)] public string Name { get; set; } = "";
    [Id(2)] public ApiRole Role { get; set; }
    [Id(3)] public byte[] KeyHash { get; set; } = [];
    [Id(4)] public DateTimeOffset CreatedAt { get; set; }
    [Id(5)] public DateTimeOffset? RevokedAt { get; set; }

    /// <summary>0: <see cref="KeyHash"/> is a plain SHA-256 (before keyed hashes); 1: HMAC-SHA256
    /// under the deployment's API-key hash key.</summary>
    [Id(6)] public int HashVersion { get; set; }

    public const int KeyedHashVersion = 1;

    public ReadModelRow ToReadModelRow(string grainKey) => new("api_keys", Id, new Dictionary<string, object?>
    {
        ["name"] = Name,
        ["role"] = Role.ToWire(),
        ["created_at_ms"] = UnixTime.Ms(CreatedAt),
        ["revoked_at_ms"] = UnixTime.Ms(RevokedAt),
    });
}
