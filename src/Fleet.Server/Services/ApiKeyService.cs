using Fleet.Access;
using Fleet.Common;
using Fleet.Server.Audit;
using Fleet.Server.Security;
using Fleet.Storage.ReadModel;

namespace Fleet.Server.Services;

/// <summary>API keys for scripts, for the REST API and the dashboard alike. The key itself exists
/// only in the answer to <see cref="CreateAsync"/>; storage keeps its hash.</summary>
public sealed class ApiKeyService(IGrainFactory grains, FleetReadModel readModel, AuditTrail audit, ApiKeyVerificationCache verified, ApiKeyHasher hasher)
{
    public Task<Page<ApiKeyRow>> ListAsync(int limit, string? cursor, CancellationToken ct = default) =>
        readModel.ListApiKeysAsync(limit, cursor, ct);

    /// <summary>Creates a key; <c>Key</c> is the secret to show once, null when refused.</summary>
    public async Task<(CommandResult<ApiKeyView> Result, string? Key)> CreateAsync(string? name, string? role)
    {
        var errors = Validation.Collect(
            Text.Required("name", name, 100),
            ApiRoles.TryParse(role, out var parsed) ? null
                : new FieldError("role", "'role' is required and must be admin, operator or viewer."));
        if (errors.Count > 0) return (CommandResult<ApiKeyView>.Invalid([.. errors]), null);

        var (id, key) = ApiKeyFormat.Generate();
        // The key and its hash stay out of the trail: name and role only.
        var created = await audit.IfChangedAsync(grains.GetGrain<IApiKeyGrain>(id).Create(name!, parsed, hasher.Hash(key)),
            AuditTrail.Always("api-key.created"), AuditTargets.ApiKey, id, v => new { v.Name, role = v.Role.ToWire() });
        return (created, created.Succeeded ? key : null);
    }

    /// <summary>Revokes the key. This silo forgets it at once; other silos within their cache
    /// lifetime (<c>Fleet:ApiKeys:VerificationCacheTtl</c>, at most 5 s).</summary>
    public async Task<CommandResult<ApiKeyView>> RevokeAsync(string id)
    {
        if (!Ids.IsValid(id)) return CommandResult<ApiKeyView>.NotFound($"API key '{id}' does not exist.");
        try
        {
            return await audit.IfChangedAsync(grains.GetGrain<IApiKeyGrain>(id).Revoke(),
                AuditTrail.Always("api-key.revoked"), AuditTargets.ApiKey, id);
        }
        finally
        {
            // Also when the answer failed: the revocation may have been written all the same.
            verified.Evict(id);
        }
    }
}
