using Fleet.Access;
using Fleet.Common;
using Fleet.Server.Apis.Models;
using Fleet.Server.Http;
using Fleet.Server.Security;
using Fleet.Server.Services;
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

    private static Task<IResult> List(ApiKeyService keys, CancellationToken ct, int limit = ListQuery.DefaultLimit, string? cursor = null) =>
        ListQuery.RunAsync(() => keys.ListAsync(limit, cursor, ct),
            page => new PageResource<ApiKeyRow>(page.Items, page.NextCursor));

    private static async Task<IResult> Create(HttpRequest request, ApiKeyService keys, CancellationToken ct)
    {
        var (body, error) = await JsonBody.ReadAsync<ApiKeyRequest>(request, ct);
        if (error is not null) return error;
        var (created, key) = await keys.CreateAsync(body!.Name, body.Role);
        if (!created.Succeeded) return Problems.From(created);
        var view = created.Value!;
        return TypedResults.Created($"/api/v1/api-keys/{view.Id}",
            new { id = view.Id, key, name = view.Name, role = view.Role.ToWire(), createdAt = view.CreatedAt });
    }

    private static async Task<IResult> Revoke(string id, ApiKeyService keys)
    {
        var result = await keys.RevokeAsync(id);
        return result.Succeeded ? TypedResults.NoContent() : Problems.From(result);
    }
}
