using System.Data.Common;
using Fleet.Storage.ReadModel;
using Microsoft.AspNetCore.Diagnostics;

namespace Fleet.Server.Http;

/// <summary>Turns the exceptions that are not bugs into honest answers: a caller's bad query is a
/// 400, an oversized body a 413, and an unreachable database or silo a 503 the caller may retry.
/// Anything else is a 500 with no internals in the body.</summary>
public sealed class FleetExceptionHandler(IProblemDetailsService problems, ILogger<FleetExceptionHandler> logger)
    : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken ct)
    {
        var (status, title, detail) = exception switch
        {
            InvalidQueryException q => (400, "The request is not valid.", q.Message),
            BadHttpRequestException b => (b.StatusCode, "Bad request", b.Message),
            _ when IsUnavailable(exception) => (503, "Service unavailable",
                "Fleet cannot reach its storage or cluster right now; retry shortly."),
            _ => (500, "Internal error", "Fleet failed to handle this request; the error is logged."),
        };
        if (status >= 500) logger.LogError(exception, "Request {Method} {Path} failed.", context.Request.Method, context.Request.Path);

        context.Response.StatusCode = status;
        if (status == 503) context.Response.Headers.RetryAfter = "2";
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            Exception = exception,
            ProblemDetails = { Status = status, Title = title, Detail = detail },
        });
    }

    private static bool IsUnavailable(Exception exception) => exception switch
    {
        DbException or TimeoutException or SiloUnavailableException or OrleansMessageRejectionException => true,
        OrleansException { InnerException: { } inner } => IsUnavailable(inner),
        AggregateException { InnerException: { } inner } => IsUnavailable(inner),
        _ => exception.InnerException is { } inner && IsUnavailable(inner),
    };
}
