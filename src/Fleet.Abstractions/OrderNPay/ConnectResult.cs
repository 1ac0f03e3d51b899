namespace Fleet.OrderNPay;

/// <summary>The outcome of redeeming a token for a connection. When it was accepted while another
/// connection held the outlet, that one is named: it is cut off, and whoever holds a token can do
/// that, so the takeover is worth an audit record.</summary>
[GenerateSerializer, Immutable, Alias("fleet.onp-connect-result")]
public sealed record ConnectResult(
    [property: Id(0)] bool Accepted,
    [property: Id(1)] Guid? Replaced,
    [property: Id(2)] DateTimeOffset? ReplacedConnectedSince)
{
    public static readonly ConnectResult Refused = new(false, null, null);
}
