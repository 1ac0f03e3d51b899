using System.Security.Claims;
using System.Text.Encodings.Web;
using Fleet.Access;
using Fleet.Server.Throttling;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Fleet.Server.Security;

/// <summary>Authenticates <c>Authorization: Bearer &lt;api key&gt;</c> against the key's grain (through
/// this silo's <see cref="ApiKeyVerificationCache"/>), and
/// answers a missing or unknown key (401) and a too-weak role (403) with problem details.
/// <para>Wrong keys are counted per client address, cluster-wide (the <c>api-key-guessing</c>
/// brake, <c>Fleet:ApiKeys:Guessing</c>): past the limit the address gets 429 with
/// <c>Retry-After</c> before any key is checked, with backoff. A key this silo verified recently
/// still works from a blocked address: it has already proven itself, so a script sharing an address
/// with a guesser is not stopped.</para></summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeyVerificationCache keys,
    Brakes brakes,
    IOptions<ApiKeyCacheOptions> keyOptions,
    IProblemDetailsService problems)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string Scheme = "ApiKey";
    public const string GuessingBrake = "api-key-guessing";
    private const string ThrottledItem = "fleet.api-key.retry-after";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (string.IsNullOrEmpty(header)) return AuthenticateResult.NoResult();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return AuthenticateResult.Fail("The Authorization header must be 'Bearer <api key>'.");

        var token = header["Bearer ".Length..].Trim();
        if (token.Length is 0 or > 512) return AuthenticateResult.Fail("The API key is not valid.");

        var id = ApiKeyFormat.GrainIdOf(token);
        var role = keys.Recalled(id, token);
        if (role is null)
        {
            var guessing = brakes.For(GuessingBrake, () => keyOptions.Value.Guessing.Policy);
            var address = ClientAddresses.KeyOf(Context.Connection.RemoteIpAddress);
            if (await guessing.RetryAfterAsync(address) is { } wait)
            {
                Context.Items[ThrottledItem] = wait;
                return AuthenticateResult.Fail("Too many wrong API keys from this address.");
            }
            role = await keys.VerifyAsync(id, token);
            if (role is null)
            {
                await guessing.CountAsync(address);
                return AuthenticateResult.Fail("The API key is not valid.");
            }
        }

        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, id), new Claim(FleetClaims.KeyId, id), new Claim(FleetClaims.Role, role.Value.ToWire())],
            Scheme);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        if (Context.Items[ThrottledItem] is TimeSpan wait)
        {
            Http.RetryAfter.Set(Response, wait);
            return WriteProblemAsync(StatusCodes.Status429TooManyRequests, "Too many requests",
                $"Too many wrong API keys from this address; try again in {Http.RetryAfter.Seconds(wait)} seconds.");
        }
        return WriteProblemAsync(StatusCodes.Status401Unauthorized, "Authentication required",
            "Send 'Authorization: Bearer <api key>' with a valid, unrevoked Fleet API key.");
    }

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
