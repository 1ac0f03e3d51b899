namespace Fleet.Server.OrderNPay;

/// <summary>The outcome of an Order N Pay auth request, in the contract's terms: an access token,
/// or an HTTP status with the <c>ErrorMessage</c> to send (and how long to wait, for 429 and 503).</summary>
public sealed record OrderNPayAuthAnswer(int Status, string? AccessToken, string? ErrorMessage, TimeSpan? RetryAfter = null)
{
    public static OrderNPayAuthAnswer Issued(string token) => new(StatusCodes.Status200OK, token, null);

    public static OrderNPayAuthAnswer Refused(int status, string message, TimeSpan? retryAfter = null) =>
        new(status, null, message, retryAfter);
}
