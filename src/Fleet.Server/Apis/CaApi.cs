using Fleet.Pki;
using Fleet.Server.Apis.Models;
using Fleet.Server.Pki;
using Fleet.Server.Services;

namespace Fleet.Server.Apis;

/// <summary>The public face of the CA: its root certificate is public by nature ("Retrieving the
/// Root CA Certificate" in the acceptance app's contract), and so is its revocation list; neither
/// needs a key.</summary>
public static class CaApi
{
    public static IEndpointRouteBuilder MapCaApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/ca").AllowAnonymous().WithTags("Certificate authority");
        group.MapGet("/root.pem", (AuthorityHost authority) =>
                TypedResults.Text(authority.Authority.RootPem, "application/x-pem-file"))
            .WithName("GetRootCertificate")
            .WithSummary("The fleet's root CA certificate (PEM).");
        group.MapGet("/crl", GetCrlDer).WithName("GetCrl")
            .WithSummary("The certificate revocation list (DER), signed by the issuing CA; a revocation is listed within Fleet:Pairing:CrlSigningInterval (default 5 s).");
        group.MapGet("/crl.pem", GetCrlPem).WithName("GetCrlPem").WithSummary("The CRL in PEM.");

        var manage = routes.MapGroup("/api/v1/ca").WithTags("Certificate authority");
        manage.MapGet("/", Describe).RequireAuthorization(Security.FleetPolicies.Viewer).WithName("GetCertificateAuthority")
            .WithSummary("The root and issuing CA: subjects, validity, fingerprints, generation.");
        manage.MapGet("/crl/status", GetCrlStatus).RequireAuthorization(Security.FleetPolicies.Viewer).WithName("GetCrlStatus")
            .WithSummary("The CRL being served: number, thisUpdate, nextUpdate, entries, and how long its last signing took.");
        manage.MapPost("/rotate-issuing", RotateIssuing).RequireAuthorization(Security.FleetPolicies.Admin)
            .WithName("RotateIssuingCa")
            .WithSummary("Replaces the issuing CA; POS certificates issued by the previous one stay valid, no re-pairing.");
        return routes;
    }

    private static IResult Describe(AuthorityHost authority) => TypedResults.Ok(CertificateAuthorityResource.From(authority));

    private static async Task<IResult> RotateIssuing(CertificateAuthorityService ca)
    {
        await ca.RotateIssuingAsync();
        return TypedResults.Ok(CertificateAuthorityResource.From(ca.Authority));
    }

    private static async Task<IResult> GetCrlStatus(IGrainFactory grains)
    {
        var crl = await grains.GetGrain<ICrlGrain>(ICrlGrain.FleetKey).Get();
        return TypedResults.Ok(new
        {
            crlNumber = crl.CrlNumber, thisUpdate = crl.ThisUpdate, nextUpdate = crl.NextUpdate, entries = crl.Entries,
            sizeBytes = crl.Der.Length, signingMs = Math.Round(crl.SigningTime.TotalMilliseconds, 1),
        });
    }

    public static async Task<IResult> GetCrlDer(IGrainFactory grains, HttpContext context)
    {
        var crl = await grains.GetGrain<ICrlGrain>(ICrlGrain.FleetKey).Get();
        context.Response.Headers.LastModified = crl.ThisUpdate.ToString("R");
        return TypedResults.Bytes(crl.Der, "application/pkix-crl");
    }

    public static async Task<IResult> GetCrlPem(IGrainFactory grains, HttpContext context)
    {
        var crl = await grains.GetGrain<ICrlGrain>(ICrlGrain.FleetKey).Get();
        context.Response.Headers.LastModified = crl.ThisUpdate.ToString("R");
        return TypedResults.Text(CertificateAuthority.CrlToPem(crl.Der), "application/x-pem-file");
    }
}
