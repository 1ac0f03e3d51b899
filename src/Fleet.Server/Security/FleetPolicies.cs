using Fleet.Access;
using Microsoft.AspNetCore.Authorization;

namespace Fleet.Server.Security;

/// <summary>Authorization policies by the least role that may do a thing.</summary>
public static class FleetPolicies
{
    public const string Viewer = "viewer";
    public const string Operator = "operator";
    public const string Admin = "admin";

    public static AuthorizationBuilder AddFleetPolicies(this AuthorizationBuilder builder) => builder
        .AddPolicy(Viewer, p => p.RequireAuthenticatedUser().AddRequirements(new MinimumRole(ApiRole.Viewer)))
        .AddPolicy(Operator, p => p.RequireAuthenticatedUser().AddRequirements(new MinimumRole(ApiRole.Operator)))
        .AddPolicy(Admin, p => p.RequireAuthenticatedUser().AddRequirements(new MinimumRole(ApiRole.Admin)));

    public sealed record MinimumRole(ApiRole Role) : IAuthorizationRequirement;

    public sealed class MinimumRoleHandler : AuthorizationHandler<MinimumRole>
    {
        protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, MinimumRole requirement)
        {
            var claim = context.User.FindFirst(FleetClaims.Role)?.Value;
            if (ApiRoles.TryParse(claim, out var role) && role >= requirement.Role) context.Succeed(requirement);
            return Task.CompletedTask;
        }
    }
}
