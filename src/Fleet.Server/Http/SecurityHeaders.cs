using Microsoft.Net.Http.Headers;

namespace Fleet.Server.Http;

/// <summary>
/// Headers every answer carries. HSTS because both listeners speak only HTTPS; <c>nosniff</c> and no
/// referrer because answers carry ids and tokens; <c>Cache-Control: no-store</c> unless the endpoint
/// chose its own caching (static assets do), because answers carry new API keys, licence keys, PEM
/// bundles with private keys and access tokens that no proxy or browser cache may keep. HTML pages
/// (the dashboard) get a content security policy that allows only Fleet's own scripts and
/// connections, and no framing.
/// </summary>
public static class SecurityHeaders
{
    /// <summary>Scripts, connections (Blazor's circuit), images, fonts and forms from Fleet only.
    /// Inline styles stay allowed: MudBlazor sets style attributes on its components.</summary>
    public const string DashboardPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
        "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; " +
        "frame-ancestors 'none'";

    /// <summary>For everything that is not a page: nothing to load, nothing to frame.</summary>
    public const string ApiPolicy = "default-src 'none'; frame-ancestors 'none'";

    public const string StrictTransportSecurity = "max-age=31536000";

    /// <summary>The API reference page (Scalar) ships its own inline bootstrap script.</summary>
    private static readonly PathString ApiReference = "/scalar";

    public static IApplicationBuilder UseFleetSecurityHeaders(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            context.Response.OnStarting(static state =>
            {
                var http = (HttpContext)state;
                var headers = http.Response.Headers;
                headers.StrictTransportSecurity = StrictTransportSecurity;
                headers.XContentTypeOptions = "nosniff";
                headers["Referrer-Policy"] = "no-referrer";
                if (!headers.ContainsKey(HeaderNames.CacheControl)) headers.CacheControl = "no-store";
                if (!http.Request.Path.StartsWithSegments(ApiReference))
                {
                    // Pages always get ours (Blazor's interactive pages set only frame-ancestors 'self');
                    // anything else keeps a policy its endpoint chose.
                    if (http.Response.ContentType?.StartsWith("text/html", StringComparison.OrdinalIgnoreCase) == true)
                        headers.ContentSecurityPolicy = DashboardPolicy;
                    else if (!headers.ContainsKey(HeaderNames.ContentSecurityPolicy))
                        headers.ContentSecurityPolicy = ApiPolicy;
                }
                return Task.CompletedTask;
            }, context);
            return next(context);
        });
}
