namespace Fleet.Server.Licences;

/// <summary>The srv4pos contract's paths. They sit on the API listener beside <c>/api/v1</c> but
/// authenticate with licence keys, not Fleet API keys: the host's default authentication scheme
/// forwards these paths to <see cref="LicenceAuthenticationHandler"/>.</summary>
public static class LicenceRoutes
{
    public const string Activations = "/activations-advanced";
    public const string Handshake = "/auth/handshake";
    public const string ActivationCode = "/activations/activation-code";
    public const string PublicKey = "/activations/public-key";

    public static bool Owns(PathString path) =>
        path.StartsWithSegments(Activations, StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments(Handshake, StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments("/activations", StringComparison.OrdinalIgnoreCase);
}
