using Fleet.Common;
using Fleet.OrderNPay;
using Fleet.Server.Audit;
using Fleet.Server.OrderNPay;
using Fleet.Stores;
using Microsoft.Extensions.Options;

namespace Fleet.Server.Services;

/// <summary>A store's PowerEPOS Order N Pay integration, for the REST API and the dashboard alike.
/// The store id is the ProviderOutletID given to PowerEPOS; the secret is only ever stored hashed.</summary>
public sealed class OrderNPayService(IGrainFactory grains, IOptions<OrderNPayOptions> options, AuditTrail audit)
{
    public const int MinSecretLength = 8;
    public const int MaxSecretLength = 256;

    public async Task<OutletView?> GetAsync(string storeId) =>
        Ids.IsValid(storeId) ? await Outlet(storeId).Get() : null;

    /// <summary>Creates or updates the integration. A null <paramref name="authSecret"/> keeps the
    /// current secret; a new secret or POSRemoteID invalidates tokens and the live connection.</summary>
    public async Task<CommandResult<OutletView>> ConfigureAsync(string storeId, string? posRemoteId, string? authSecret)
    {
        if (Ids.Check("storeId", storeId) is { } idError) return CommandResult<OutletView>.Invalid(idError);
        if (authSecret is not null && CheckSecret(authSecret) is { } secretError) return CommandResult<OutletView>.Invalid(secretError);
        if (await grains.GetGrain<IStoreGrain>(storeId).Get() is null)
            return CommandResult<OutletView>.NotFound($"Store '{storeId}' does not exist.");

        var outlet = Outlet(storeId);
        SecretHash? fresh = null;
        byte[]? underCurrent = null;
        if (authSecret is not null)
        {
            // PBKDF2 runs here in the host, never on the grain's scheduler.
            fresh = OutletSecretHasher.Hash(authSecret, options.Value.SecretHashIterations);
            if (await outlet.GetSecretParameters() is { } current) underCurrent = OutletSecretHasher.Derive(authSecret, current);
        }
        var result = await outlet.Configure(new OutletConfiguration(posRemoteId ?? "", fresh, underCurrent));
        // Whether the AuthSecret changed, never the secret or its hash.
        if (result.Succeeded && result.Status != CommandStatus.Unchanged)
            await audit.RecordAsync("order-n-pay.configured", AuditTargets.OrderNPay, storeId, new { posRemoteId, secretSet = authSecret is not null });
        return result;
    }

    public async Task<CommandResult<OutletView>> RemoveAsync(string storeId)
    {
        if (!Ids.IsValid(storeId)) return NoIntegration<OutletView>(storeId);
        var result = await Outlet(storeId).Remove();
        if (result.Succeeded) await audit.RecordAsync("order-n-pay.deleted", AuditTargets.OrderNPay, storeId);
        return result;
    }

    public async Task<CommandResult<OutletMessage>> EnqueueAsync(string storeId, NewOutletMessage message)
    {
        if (!Ids.IsValid(storeId)) return NoIntegration<OutletMessage>(storeId);
        var result = await Outlet(storeId).Enqueue(message);
        // The payload is the merchant's business (orders, customers): id and type only.
        if (result.Status == CommandStatus.Created)
            await audit.RecordAsync("order-n-pay.message-enqueued", AuditTargets.OrderNPay, storeId, new { result.Value!.MessageId, result.Value.Type });
        return result;
    }

    public Task<CommandResult<IReadOnlyList<OutletMessage>>> ListMessagesAsync(string storeId, MessageState state) =>
        Ids.IsValid(storeId)
            ? Outlet(storeId).ListMessages(state)
            : Task.FromResult(NoIntegration<IReadOnlyList<OutletMessage>>(storeId));

    public static FieldError? CheckSecret(string secret) =>
        secret.Length < MinSecretLength
            ? new FieldError("authSecret", $"'authSecret' must be at least {MinSecretLength} characters.")
            : Text.Required("authSecret", secret, MaxSecretLength);

    private IOutletGrain Outlet(string storeId) => grains.GetGrain<IOutletGrain>(storeId);

    private static CommandResult<T> NoIntegration<T>(string storeId) =>
        CommandResult<T>.NotFound($"Store '{storeId}' has no Order N Pay integration.");
}
