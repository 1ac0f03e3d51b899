using Microsoft.AspNetCore.Authorization;

namespace Fleet.Server.Licences;

/// <summary>The licence-protected endpoints' policy: a known licence key whose licence is Active
/// (approved and inside its period) at the time of the request.</summary>
public static class LicencePolicies
{
    public const string Usable = "licence-usable";

    public static AuthorizationBuilder AddLicencePolicies(this AuthorizationBuilder builder) => builder
        .AddPolicy(Usable, p => p
            .AddAuthenticationSchemes(LicenceAuthenticationHandler.SchemeName)
            .RequireAuthenticatedUser()
            .RequireClaim(LicenceClaims.Status, Fleet.Licences.LicenceStatus.Active.ToString()));
}
