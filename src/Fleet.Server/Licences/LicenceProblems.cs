using System.Globalization;
using Fleet.Licences;
using Microsoft.AspNetCore.Mvc;

namespace Fleet.Server.Licences;

/// <summary>The licence contract's refusals as RFC 7807 problem details. The seed defines no error
/// shape, so a POS reads the machine-readable <c>reason</c> extension (PendingApproval, Rejected,
/// Expired, NotYetValid, Revoked) and shows <c>detail</c> to a person.</summary>
public static class LicenceProblems
{
    public const string RefusedType = "urn:fleet:problem:licence-refused";
    public const string UnauthorizedType = "urn:fleet:problem:licence-unauthorized";

    public static ProblemDetails Refused(ActivationView view, LicenceStatus status) => new()
    {
        Status = StatusCodes.Status403Forbidden,
        Type = RefusedType,
        Title = "The licence cannot be used.",
        Detail = Describe(view, status),
        Extensions =
        {
            ["reason"] = status.ToWire(),
            ["productionNumber"] = view.ProductionNumber,
            ["validFrom"] = view.ValidFrom,
            ["validTo"] = view.ValidTo,
        },
    };

    public static ProblemDetails Unauthorized() => new()
    {
        Status = StatusCodes.Status401Unauthorized,
        Type = UnauthorizedType,
        Title = "Licence key required",
        Detail = "Send the activation's API key as 'Authorization: <key>' or 'Authorization: Bearer <key>' "
            + "(optionally with X-Production-Number). The key is unknown, or it was replaced by a renewal.",
    };

    public static IResult Result(ProblemDetails problem) =>
        TypedResults.Problem(problem);

    private static string Describe(ActivationView view, LicenceStatus status) => status switch
    {
        LicenceStatus.PendingApproval =>
            "The Tax Authority has not been notified of this cash register yet. Headquarters approves the activation "
            + "once it has; poll /auth/handshake to see when.",
        LicenceStatus.Rejected => "Headquarters rejected this activation; it can never be used. Contact headquarters.",
        LicenceStatus.Revoked => "This activation was revoked; its API key no longer works. Contact headquarters.",
        LicenceStatus.Expired =>
            $"The API key expired at {Format(view.ValidTo)}. Request a new key: POST /activations-advanced with "
            + "productionNumber, apiKey and a new validFrom/validTo.",
        LicenceStatus.NotYetValid => $"The API key is valid from {Format(view.ValidFrom)}.",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "An active licence is not refused."),
    };

    private static string Format(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
