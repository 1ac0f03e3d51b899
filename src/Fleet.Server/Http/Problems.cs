using Fleet.Common;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Fleet.Server.Http;

/// <summary>RFC 7807 answers for the mistakes a caller can make. Field-level messages go in
/// <c>errors</c>, keyed by the field's JSON name, as ASP.NET Core's validation problems do.</summary>
public static class Problems
{
    public static IResult BadRequest(string detail, string field, string message) =>
        Validation(detail, [new FieldError(field, message)]);

    public static IResult Validation(string detail, IEnumerable<FieldError> errors) =>
        TypedResults.ValidationProblem(
            errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()),
            detail: detail, title: "The request is not valid.");

    public static IResult NotFound(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status404NotFound, title: "Not found");

    public static IResult Conflict(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status409Conflict, title: "Conflict");

    public static IResult PayloadTooLarge() =>
        TypedResults.Problem("The request body is larger than this endpoint accepts.",
            statusCode: StatusCodes.Status413PayloadTooLarge, title: "Payload too large");

    public static IResult UnsupportedMediaType(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported media type");

    /// <summary>Maps a grain's refusal to its HTTP answer; successes are the caller's to shape.</summary>
    public static IResult From<T>(CommandResult<T> result) => result.Status switch
    {
        CommandStatus.NotFound => NotFound(result.Message ?? "Not found."),
        CommandStatus.Conflict => Conflict(result.Message ?? "Conflict."),
        CommandStatus.Invalid => Validation(result.Message ?? "One or more fields are invalid.", result.Errors),
        _ => throw new InvalidOperationException($"{result.Status} is not a refusal."),
    };
}
