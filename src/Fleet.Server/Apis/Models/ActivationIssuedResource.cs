namespace Fleet.Server.Apis.Models;

/// <summary>The answer to an activation or a renewal: the only time the API key is ever shown.</summary>
public sealed record ActivationIssuedResource(
    string ProductionNumber, string ApiKey, string Status, string CashRegisterName,
    DateTimeOffset ValidFrom, DateTimeOffset ValidTo);
