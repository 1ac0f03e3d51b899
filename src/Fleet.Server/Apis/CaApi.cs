using Fleet.Server.Pki;

namespace Fleet.Server.Apis;

/// <summary>The public face of the CA: its root certificate is public by nature ("Retrieving the
/// Root CA Certificate" in the acceptance app's contract), so it needs no key.</summary>
public static class CaApi
{
    public static IEndpointRouteBuilder MapCaApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/v1/ca/root.pem", (AuthorityHost authority) =>
                TypedResults.Text(authority.Authority.RootPem, "application/x-pem-file"))
            .AllowAnonymous()
            .WithName("GetRootCertificate")
            .WithSummary("The fleet's root CA certificate (PEM).")
            .WithTags("Certificate authority");
        return routes;
    }
}
