using Fleet.Common;
using Fleet.Server.Enrolment;
using Fleet.Server.Http;
using Fleet.Server.Apis.Models;
using Fleet.Server.Security;

namespace Fleet.Server.Apis;

/// <summary>Terminal enrolment for operators: one-time enrolment codes (per terminal and for a whole
/// store), and the terminal's own certificates with their revocation. The terminal side is on the
/// device listener (<see cref="TerminalDeviceApi"/>).</summary>
public static class EnrolmentApi
{
    public static IEndpointRouteBuilder MapEnrolmentApi(this IEndpointRouteBuilder routes)
    {
        var terminal = routes.MapGroup("/api/v1/terminals/{terminalId}").WithTags("Enrolment");
        // The code is a credential: it is shown in this answer once and never again.
        terminal.MapPost("/enrolment-code", IssueCode).RequireAuthorization(FleetPolicies.Operator).WithName("IssueEnrolmentCode")
            .WithSummary("A one-time enrolment code for the terminal (shown once; an earlier code stops working).");
        terminal.MapGet("/credential", GetCredential).RequireAuthorization(FleetPolicies.Viewer).WithName("GetTerminalCredential")
            .WithSummary("Whether an enrolment code is live (never the code) and the certificates the terminal holds as its own.");
        terminal.MapPost("/credential/revoke", RevokeCredential).RequireAuthorization(FleetPolicies.Operator).WithName("RevokeTerminalCredential")
            .Accepts<RevokeRequest>("application/json")
            .WithSummary("Revokes every certificate the terminal holds as its own; the next TLS handshake with one fails on every silo.");
        routes.MapPost("/api/v1/stores/{storeId}/enrolment-codes", IssueStoreCodes).WithTags("Enrolment")
            .RequireAuthorization(FleetPolicies.Operator).WithName("IssueStoreEnrolmentCodes")
            .WithSummary("A one-time enrolment code for every terminal of the store, in one answer (shown once).");
        return routes;
    }

    private static async Task<IResult> IssueCode(string terminalId, EnrolmentService enrolment, HttpContext context)
    {
        var issued = await enrolment.IssueCodeAsync(terminalId);
        if (issued is null) return Problems.NotFound($"Terminal '{terminalId}' does not exist.");
        context.Response.Headers.CacheControl = "no-store";
        return TypedResults.Ok(Code(issued));
    }

    private static async Task<IResult> IssueStoreCodes(string storeId, EnrolmentService enrolment, HttpContext context)
    {
        var result = await enrolment.IssueStoreCodesAsync(storeId);
        if (result.RefusalStatus is { } status)
            return status == StatusCodes.Status404NotFound ? Problems.NotFound(result.Refusal!) : Problems.Conflict(result.Refusal!);
        context.Response.Headers.CacheControl = "no-store";
        return TypedResults.Ok(new { storeId = result.StoreId, expiresAt = result.ExpiresAt, codes = result.Codes.Select(Code).ToArray() });
    }

    private static async Task<IResult> GetCredential(string terminalId, EnrolmentService enrolment)
    {
        var view = await enrolment.GetCredentialAsync(terminalId);
        if (view is null) return Problems.NotFound($"Terminal '{terminalId}' does not exist.");
        return TypedResults.Ok(new
        {
            terminalId = view.TerminalId,
            storeId = view.StoreId,
            enrolmentCode = view.CodeExpiresAt is { } expiresAt ? new { issuedAt = view.CodeIssuedAt, expiresAt } : null,
            certificates = view.Certificates.Select(c => new
            {
                serialNumber = c.SerialNumber, issuedAt = c.IssuedAt, notAfter = c.NotAfter, renewedFrom = c.RenewedFrom,
            }).ToArray(),
        });
    }

    private static async Task<IResult> RevokeCredential(string terminalId, HttpRequest request, EnrolmentService enrolment, CancellationToken ct)
    {
        if (await enrolment.GetCredentialAsync(terminalId) is null) return Problems.NotFound($"Terminal '{terminalId}' does not exist.");
        var (reason, error) = await CertificatesApi.ReadReasonAsync(request, ct);
        if (error is not null) return error;
        var revoked = await enrolment.RevokeCredentialAsync(terminalId, reason);
        if (revoked is null) return Problems.NotFound($"Terminal '{terminalId}' does not exist.");
        var now = enrolment.Clock.GetUtcNow();
        return TypedResults.Ok(new { terminalId, revoked = revoked.Select(v => CertificateResource.From(v, now)).ToArray() });
    }

    private static object Code(IssuedEnrolmentCode issued) =>
        new { terminalId = issued.TerminalId, enrolmentCode = issued.EnrolmentCode, expiresAt = issued.ExpiresAt };
}
