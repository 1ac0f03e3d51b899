namespace Fleet.Server.Pairing;

/// <summary>The contract's request: <c>{ "posId" : "123", "setupCode" : "8QW1YS1D" }</c>.</summary>
public sealed record PairingRequest(string? PosId, string? SetupCode);
