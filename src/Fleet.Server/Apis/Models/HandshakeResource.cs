namespace Fleet.Server.Apis.Models;

/// <summary>The answer to <c>/auth/handshake</c> for a usable licence.</summary>
public sealed record HandshakeResource(
    string ProductionNumber, string CashRegisterName, string Status,
    DateTimeOffset ValidFrom, DateTimeOffset ValidTo, int DaysLeft, bool ExpiringSoon);
