namespace Fleet.Server.Apis.Models;

/// <summary>Body of <c>POST /activations/activation-code</c>: string fields the POS wants signed
/// into the descriptor alongside the activation (for example a database id of its own).</summary>
public sealed record ActivationCodeRequest(Dictionary<string, string>? CustomFields);
