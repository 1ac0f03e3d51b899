using System.Security.Claims;
using System.Text.Encodings.Web;
using Fleet.Access;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Fleet.Server.Security;

/// <summary>Authenticates <c>Authorization: Bearer &lt;api key&gt;</c> against the key's grain (through
/// this silo's <see cref="ApiKeyVerificationCache"/>), and
/// answers a missing or unknown key (401) and a too-weak role (403) with problem details.</summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeyVerificationCache keys,
    IProblemDetailsService problems)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string Scheme = "ApiKey";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (string.IsNullOrEmpty(header)) return AuthenticateResult.NoResult();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return AuthenticateResult.Fail("The Authorization header must be 'Bearer <api key>'.");

        var token = header["Bearer ".Length..].Trim();
        if (token.Length is 0 or > 512) return AuthenticateResult.Fail("The API key is not valid.");

        var id = ApiKeyFormat.GrainIdOf(token);
        var role = await keys.VerifyAsync(id, token);
        if (role is null) return AuthenticateResult.Fail("The API key is not valid.");

        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, id), new Claim(FleetClaims.KeyId, id), new Claim(FleetClaims.Role, role.Value.ToWire())],
            Scheme);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) =>
        WriteProblemAsync(StatusCodes.Status401Unauthorized, "Authentication required",
            "Send 'Authorization: Bearer <api key>' with a valid, unrevoked Fleet API key.");

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        WriteProblemAsync(StatusCodes.Status403Forbidden, "Forbidden",
            "This API key's role may not do this.");

    private async Task WriteProblemAsync(int status, string title, string detail)
    {
        Response.StatusCode = status;
        if (status == StatusCodes.Status401Unauthorized) Response.Headers.WWWAuthenticate = "Bearer";
        var problem = new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails = { Status = status, Title = title, Detail = detail },
        };
        // A client that accepts only text/html (a browser tab) still gets the problem as JSON, not a 500.
        if (!await problems.TryWriteAsync(problem))
            await Response.WriteAsJsonAsync(problem.ProblemDetails, (System.Text.Json.JsonSerializerOptions?)null, "application/problem+json");
    }
}
