using Fleet.Common;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Fleet.Licences;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Fleet.Server.Licences;

/// <summary>Authenticates a licence API key against its activation grain (one call). A known key
/// authenticates whatever the licence's status; <see cref="LicencePolicies.Usable"/> then refuses a
/// licence that is not Active with a 403 naming the reason. An unknown key is a 401.</summary>
public sealed class LicenceAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IGrainFactory grains,
    FleetClock time,
    IProblemDetailsService problems)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Licence";
    private const string ActivationItem = "fleet.licence.activation";

    /// <summary>The activation the request authenticated as (set by this handler).</summary>
    public static ActivationView? Activation(HttpContext context) =>
        context.Items.TryGetValue(ActivationItem, out var value) ? value as ActivationView : null;

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var key = LicenceCredentials.PresentedKey(Request);
        if (key is null) return AuthenticateResult.NoResult();
        if (LicenceCredentials.From(Request, key) is not { } credentials)
            return AuthenticateResult.Fail("The licence key is not valid.");

        var view = await grains.GetGrain<IActivationGrain>(credentials.ProductionNumber)
            .Authenticate(LicenceKeyFormat.Hash(credentials.Key));
        if (view is null) return AuthenticateResult.Fail("The licence key is not valid.");

        Context.Items[ActivationItem] = view;
        var status = view.StatusAt(time.GetUtcNow());
        var identity = new ClaimsIdentity(
        [
            new Claim(ClaimTypes.Name, view.ProductionNumber),
            new Claim(LicenceClaims.ProductionNumber, view.ProductionNumber),
            new Claim(LicenceClaims.Status, status.ToWire()),
        ], SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) =>
        WriteAsync(LicenceProblems.Unauthorized(), challenge: true);

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        var view = Activation(Context);
        var claimed = Context.User.FindFirst(LicenceClaims.Status)?.Value;
        if (view is null || !Enum.TryParse<LicenceStatus>(claimed, out var status) || status == LicenceStatus.Active)
            return WriteAsync(LicenceProblems.Unauthorized(), challenge: true);
        return WriteAsync(LicenceProblems.Refused(view, status), challenge: false);
    }

    private async Task WriteAsync(Microsoft.AspNetCore.Mvc.ProblemDetails problem, bool challenge)
    {
        Response.StatusCode = problem.Status!.Value;
        if (challenge) Response.Headers.WWWAuthenticate = "Bearer";
        await problems.WriteAsync(new ProblemDetailsContext { HttpContext = Context, ProblemDetails = problem });
    }
}
