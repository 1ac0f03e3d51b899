namespace Fleet.Server.Pairing;

/// <summary>The answer to a pairing or renewal: the PEM bundle, or a refusal with its HTTP status.</summary>
public sealed record PairingResult(string? PemBundle, int Status, string? Title, string? Detail, TimeSpan? RetryAfter = null)
{
    public bool Succeeded => PemBundle is not null;

    public static PairingResult Ok(string pem) => new(pem, StatusCodes.Status200OK, null, null);

    public static PairingResult Refused(int status, string title, string detail, TimeSpan? retryAfter = null) =>
        new(null, status, title, detail, retryAfter);

    /// <summary>As RFC 7807 problem details: the HTTP body, and the WebSocket's error message.</summary>
    public IResult ToHttpResult(HttpContext context)
    {
        if (PemBundle is not null) return TypedResults.Text(PemBundle, "application/x-pem-file");
        if (RetryAfter is { } wait) context.Response.Headers.RetryAfter = RetryAfterSeconds(wait).ToString();
        return TypedResults.Problem(Detail, statusCode: Status, title: Title);
    }

    public static int RetryAfterSeconds(TimeSpan wait) => Http.RetryAfter.Seconds(wait);
}
