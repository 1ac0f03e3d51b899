using System.Text.Json.Nodes;

namespace Fleet.Server.Apis.Models;

/// <summary>A signed ActivationDescriptor. <see cref="DescriptorBytes"/> is base64 of the exact
/// signed bytes (canonical JSON); <see cref="Descriptor"/> is the same object for reading.</summary>
public sealed record ActivationCodeResource(
    JsonNode Descriptor, string DescriptorBytes, string Signature, string Algorithm, string KeyId, string PublicKeyUrl);
