using System.Globalization;

namespace Fleet.Server.Http;

/// <summary>The <c>Retry-After</c> header in whole seconds (RFC 9110 delay-seconds), never below one
/// so that a client does not retry at once into the same refusal.</summary>
public static class RetryAfter
{
    public static int Seconds(TimeSpan wait) => (int)Math.Max(1, Math.Ceiling(wait.TotalSeconds));

    public static void Set(HttpResponse response, TimeSpan wait) =>
        response.Headers.RetryAfter = Seconds(wait).ToString(CultureInfo.InvariantCulture);

    /// <summary>429 problem details with <c>Retry-After</c>, for the REST API and the srv4pos paths.</summary>
    public static IResult TooManyRequests(HttpResponse response, TimeSpan wait, string detail)
    {
        Set(response, wait);
        return TypedResults.Problem(detail, statusCode: StatusCodes.Status429TooManyRequests, title: "Too many requests");
    }
}
