using Fleet.Access;
using Fleet.Common;
using Fleet.Server.Security;
using Fleet.Storage.ReadModel;

namespace Fleet.Server.Services;

/// <summary>API keys for scripts, for the REST API and the dashboard alike. The key itself exists
/// only in the answer to <see cref="CreateAsync"/>; storage keeps its hash.</summary>
public sealed class ApiKeyService(IGrainFactory grains, FleetReadModel readModel)
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
        var created = await grains.GetGrain<IApiKeyGrain>(id).Create(name!, parsed, ApiKeyFormat.Hash(key));
        return (created, created.Succeeded ? key : null);
    }

    public Task<CommandResult<ApiKeyView>> RevokeAsync(string id) =>
        Ids.IsValid(id)
            ? grains.GetGrain<IApiKeyGrain>(id).Revoke()
            : Task.FromResult(CommandResult<ApiKeyView>.NotFound($"API key '{id}' does not exist."));
}
