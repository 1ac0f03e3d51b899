using Fleet.Access;
using Fleet.Common;
using Fleet.Server.Apis.Models;
using Fleet.Server.Http;
using Fleet.Server.Security;
using Fleet.Storage.ReadModel;

namespace Fleet.Server.Apis;

/// <summary><c>/api/v1/api-keys</c> (admin only): keys for scripts, each shown once.</summary>
public static class ApiKeysApi
{
    public static IEndpointRouteBuilder MapApiKeysApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/api-keys").WithTags("API keys").RequireAuthorization(FleetPolicies.Admin);
        group.MapGet("/", List).WithName("ListApiKeys");
        group.MapPost("/", Create).WithName("CreateApiKey").Accepts<ApiKeyRequest>("application/json")
            .WithSummary("Creates a key; the response is the only time the key is shown.");
        group.MapDelete("/{id}", Revoke).WithName("RevokeApiKey");
        return routes;
    }

    private static Task<IResult> List(FleetReadModel readModel, CancellationToken ct, int limit = ListQuery.DefaultLimit, string? cursor = null) =>
        ListQuery.RunAsync(() => readModel.ListApiKeysAsync(limit, cursor, ct),
            page => new PageResource<ApiKeyRow>(page.Items, page.NextCursor));

    private static async Task<IResult> Create(HttpRequest request, IGrainFactory grains, CancellationToken ct)
    {
        var (body, error) = await JsonBody.ReadAsync<ApiKeyRequest>(request, ct);
        if (error is not null) return error;
        var errors = Validation.Collect(
            Text.Required("name", body!.Name, 100),
            ApiRoles.TryParse(body.Role, out var role) ? null
                : new FieldError("role", "'role' is required and must be admin, operator or viewer."));
        if (errors.Count > 0) return Problems.Validation("One or more fields are invalid.", errors);

        var (id, key) = ApiKeyFormat.Generate();
        var created = await grains.GetGrain<IApiKeyGrain>(id).Create(body.Name!, role, ApiKeyFormat.Hash(key));
        if (!created.Succeeded) return Problems.From(created);
        var view = created.Value!;
        return TypedResults.Created($"/api/v1/api-keys/{id}",
            new { id, key, name = view.Name, role = view.Role.ToWire(), createdAt = view.CreatedAt });
    }

    private static async Task<IResult> Revoke(string id, IGrainFactory grains)
    {
        if (!Ids.IsValid(id)) return Problems.NotFound($"API key '{id}' does not exist.");
        var result = await grains.GetGrain<IApiKeyGrain>(id).Revoke();
        return result.Succeeded ? TypedResults.NoContent() : Problems.From(result);
    }
}
