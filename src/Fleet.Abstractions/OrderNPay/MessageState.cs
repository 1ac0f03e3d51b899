namespace Fleet.OrderNPay;

/// <summary>Which messages to list: those waiting for an ack, or recently acknowledged ones.</summary>
[GenerateSerializer, Alias("fleet.onp-message-state")]
public enum MessageState
{
    Pending = 0,
    Acked = 1,
}
