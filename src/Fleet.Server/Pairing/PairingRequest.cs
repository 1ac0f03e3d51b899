using System.Text.Json.Serialization;

namespace Fleet.Server.Pairing;

/// <summary>The contract's request: <c>{ "posId" : "123", "setupCode" : "8QW1YS1D" }</c>; posId may
/// also arrive as a JSON number (<see cref="PosIdJsonConverter"/>).</summary>
public sealed record PairingRequest(
    [property: JsonConverter(typeof(PosIdJsonConverter))] string? PosId,
    string? SetupCode);
