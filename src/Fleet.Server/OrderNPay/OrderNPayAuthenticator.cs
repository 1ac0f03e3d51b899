using System.Net;
using Fleet.Common;
using Fleet.OrderNPay;
using Fleet.Server.Security;
using Fleet.Server.Throttling;
using Microsoft.Extensions.Options;

namespace Fleet.Server.OrderNPay;

/// <summary>
/// <c>POST /api/powerepos/v1/auth</c> behind the HTTP layer: brakes → outlet → POSRemoteID →
/// secret → token. Two brakes, both counting failures cluster-wide with backoff: per outlet and
/// client address (<c>onp-outlet</c>), so guesses from one address never refuse the right
/// credentials from another (the store id is not a secret, and an outlet-wide lock was a way to
/// lock a real outlet out), and per address across outlets (<c>onp-address</c>), so one address
/// cannot spread its guesses over many outlets. A success forgives its outlet-and-address count.
/// </summary>
public sealed class OrderNPayAuthenticator(
    IGrainFactory grains, Brakes brakes, HashingGate hashing, IOptions<OrderNPayOptions> options,
    ILogger<OrderNPayAuthenticator> logger)
{
    public const string SecretInvalid = "The auth secret was not valid!";
    public const string UnknownOutlet = "The ProviderOutletID is not an outlet Fleet knows.";

    private readonly Brake _outlet = brakes.For("onp-outlet",
        () => new(options.Value.OutletFailureLimit, options.Value.FailureWindow, options.Value.FailureMaxBackoff));
    private readonly Brake _address = brakes.For("onp-address",
        () => new(options.Value.AddressFailureLimit, options.Value.FailureWindow, options.Value.FailureMaxBackoff));

    public async Task<OrderNPayAuthAnswer> AuthenticateAsync(
        string outletId, string posRemoteId, string authSecret, IPAddress? client, CancellationToken ct)
    {
        var address = ClientAddresses.KeyOf(client);
        if (await _address.RetryAfterAsync(address) is { } addressWait) return Throttled(addressWait);
        if (!Ids.IsValid(outletId))
        {
            await _address.CountAsync(address);
            return OrderNPayAuthAnswer.Refused(StatusCodes.Status401Unauthorized, UnknownOutlet);
        }
        var pair = $"{outletId}|{address}";
        if (await _outlet.RetryAfterAsync(pair) is { } outletWait) return Throttled(outletWait);

        var outlet = grains.GetGrain<IOutletGrain>(outletId);
        AuthResult result = new(AuthOutcome.UnknownOutlet, null);
        var (token, tokenHash) = AccessTokens.Issue(outletId);
        // A secret rotated between reading its salt and checking it is re-read once.
        for (var attempt = 0; attempt < 2; attempt++)
        {
            if (await outlet.GetSecretParameters() is not { } parameters) break;
            var (ran, derived) = await hashing.RunAsync(() => OutletSecretHasher.Derive(authSecret, parameters), ct);
            if (!ran)
                return OrderNPayAuthAnswer.Refused(StatusCodes.Status503ServiceUnavailable,
                    "Fleet is busy checking other credentials; retry shortly.", TimeSpan.FromSeconds(1));
            result = await outlet.Authenticate(new AuthAttempt(posRemoteId, parameters, derived, tokenHash));
            if (result.Outcome != AuthOutcome.SecretChanged) break;
        }

        if (result.Outcome == AuthOutcome.Issued)
        {
            await _outlet.ForgiveAsync(pair);
            logger.LogInformation("Order N Pay outlet {Outlet}: access token issued to {Address}, valid until {ExpiresAt}.",
                outletId, client, result.ExpiresAt);
            return OrderNPayAuthAnswer.Issued(token);
        }

        await _address.CountAsync(address);
        if (result.Outcome != AuthOutcome.UnknownOutlet) await _outlet.CountAsync(pair);
        logger.LogInformation("Order N Pay outlet {Outlet}: auth refused for {Address}: {Outcome}.", outletId, client, result.Outcome);
        return result.Outcome switch
        {
            AuthOutcome.PosRemoteIdMismatch => OrderNPayAuthAnswer.Refused(StatusCodes.Status401Unauthorized,
                "The POSRemoteID does not match this outlet."),
            AuthOutcome.SecretInvalid => OrderNPayAuthAnswer.Refused(StatusCodes.Status401Unauthorized, SecretInvalid),
            AuthOutcome.SecretChanged => OrderNPayAuthAnswer.Refused(StatusCodes.Status409Conflict,
                "The outlet's auth secret is being changed; try again."),
            _ => OrderNPayAuthAnswer.Refused(StatusCodes.Status401Unauthorized, UnknownOutlet),
        };
    }

    private static OrderNPayAuthAnswer Throttled(TimeSpan wait)
    {
        var seconds = Http.RetryAfter.Seconds(wait);
        return OrderNPayAuthAnswer.Refused(StatusCodes.Status429TooManyRequests,
            $"Too many failed attempts; try again in {seconds} seconds.", wait);
    }
}
