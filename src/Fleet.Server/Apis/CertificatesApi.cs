using Fleet.Common;
using Fleet.Pki;
using Fleet.Pos;
using Fleet.Server.Apis.Models;
using Fleet.Server.Http;
using Fleet.Server.Security;
using Fleet.Server.Services;
using Fleet.Storage.ReadModel;

namespace Fleet.Server.Apis;

/// <summary><c>/api/v1/certificates</c>, <c>/api/v1/pos/{posId}/revoke</c> and
/// <c>/api/v1/stores/{storeId}/certificates/revoke</c>: the issued certificates and their
/// revocation. A revocation is written to the certificate's grain first (what every silo's TLS gate
/// and OCSP ask), then the POS and terminal follow and the CRL is marked for its next signing.</summary>
public static class CertificatesApi
{
    public static IEndpointRouteBuilder MapCertificatesApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/certificates").WithTags("Certificates").RequireAuthorization(FleetPolicies.Viewer);
        group.MapGet("/", List).WithName("ListCertificates")
            .WithSummary("Issued POS certificates, paged by serial; filter by pos, terminal, store, status (active|revoked|expired).");
        group.MapGet("/{serial}", Get).WithName("GetCertificate");
        group.MapPost("/{serial}/revoke", Revoke).RequireAuthorization(FleetPolicies.Operator).WithName("RevokeCertificate")
            .Accepts<RevokeRequest>("application/json")
            .WithSummary("Revokes one certificate; the next TLS handshake with it fails on every silo and OCSP says revoked at once; the CRL lists it within Fleet:Pairing:CrlSigningInterval. "
                + "With reason keyCompromise, or with lineage=true, every certificate linked to it by renewal is revoked too.");
        routes.MapPost("/api/v1/pos/{posId}/revoke", RevokePos).WithTags("Certificates").WithName("RevokePosCertificates")
            .RequireAuthorization(FleetPolicies.Operator).Accepts<RevokeRequest>("application/json")
            .WithSummary("Revokes every unrevoked certificate of a POS.");
        routes.MapPost("/api/v1/stores/{storeId}/certificates/revoke", RevokeStore).WithTags("Certificates").WithName("RevokeStoreCertificates")
            .RequireAuthorization(FleetPolicies.Operator).Accepts<RevokeRequest>("application/json")
            .WithSummary("Revokes every unrevoked certificate issued in a store: its POS's and its terminals' own.");
        return routes;
    }

    private static Task<IResult> List(
        CertificateService certificates, FleetClock time, CancellationToken ct,
        string? pos = null, string? terminal = null, string? store = null, string? status = null,
        int limit = ListQuery.DefaultLimit, string? cursor = null)
    {
        var now = time.GetUtcNow();
        return ListQuery.RunAsync(
            () => certificates.ListAsync(new CertificateFilter(pos, terminal, store, status), limit, cursor, ct),
            page => new PageResource<CertificateResource>(page.Items.Select(c => CertificateResource.From(c, now)).ToArray(), page.NextCursor));
    }

    private static async Task<IResult> Get(string serial, CertificateService certificates, FleetClock time)
    {
        var view = await certificates.GetAsync(serial);
        return view is null
            ? Problems.NotFound($"Certificate '{serial}' was not issued by this fleet.")
            : TypedResults.Ok(CertificateResource.From(view, time.GetUtcNow()));
    }

    private static async Task<IResult> Revoke(
        string serial, HttpRequest request, CertificateService certificates, FleetClock time, CancellationToken ct, bool? lineage = null)
    {
        var (reason, error) = await ReadReasonAsync(request, ct);
        if (error is not null) return error;
        var view = await certificates.RevokeAsync(serial, reason, lineage ?? false);
        return view is null
            ? Problems.NotFound($"Certificate '{serial}' was not issued by this fleet.")
            : TypedResults.Ok(CertificateResource.From(view, time.GetUtcNow()));
    }

    private static async Task<IResult> RevokePos(
        string posId, HttpRequest request, CertificateService certificates, PosService pos, FleetClock time, CancellationToken ct,
        string? store = null)
    {
        var (key, refused) = await PosApi.ResolveAsync(pos, posId, store, ct);
        if (refused is not null) return refused;
        var (reason, error) = await ReadReasonAsync(request, ct);
        if (error is not null) return error;
        var revoked = await certificates.RevokePosAsync(key!, reason);
        if (revoked is null) return Problems.NotFound($"POS '{posId}' does not exist.");
        var now = time.GetUtcNow();
        PosKey.TryParse(key, out var storeId, out var canonical);
        return TypedResults.Ok(new { id = key, posId = canonical, storeId, revoked = revoked.Select(v => CertificateResource.From(v, now)).ToArray() });
    }

    private static async Task<IResult> RevokeStore(
        string storeId, HttpRequest request, CertificateService certificates, FleetClock time, CancellationToken ct)
    {
        var (reason, error) = await ReadReasonAsync(request, ct);
        if (error is not null) return error;
        var revoked = await certificates.RevokeStoreAsync(storeId, reason, ct);
        if (revoked is null) return Problems.NotFound($"Store '{storeId}' does not exist.");
        var now = time.GetUtcNow();
        return TypedResults.Ok(new { storeId, revoked = revoked.Select(v => CertificateResource.From(v, now)).ToArray() });
    }

    internal static async Task<(int Reason, IResult? Error)> ReadReasonAsync(HttpRequest request, CancellationToken ct)
    {
        // The body is optional: an empty POST revokes with reason "unspecified".
        if (request.ContentLength is 0 || (request.ContentLength is null && !request.Headers.ContainsKey("Transfer-Encoding")))
            return (0, null);
        var (body, error) = await JsonBody.ReadAsync<RevokeRequest>(request, ct);
        if (error is not null) return (0, error);
        return RevocationReasons.TryParse(body!.Reason, out var code)
            ? (code, null)
            : (0, Problems.BadRequest("The revocation reason is not valid.", "reason",
                $"'reason' must be one of {string.Join(", ", RevocationReasons.Names)}."));
    }
}
