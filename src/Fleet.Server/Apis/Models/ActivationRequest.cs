using System.Text.Json;
using System.Text.Json.Serialization;

namespace Fleet.Server.Apis.Models;

/// <summary>Body of <c>POST /activations-advanced</c>. A new activation sends the named fields (any
/// other top-level field holding a string, number, boolean or null is an auxiliary field, kept as
/// sent); a renewal sends <c>productionNumber</c>, <c>apiKey</c> (or the key in a header) and the new
/// period, and may repeat the activation's fields unchanged (a Java client re-sending its object).</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Skip)]
public sealed class ActivationRequest
{
    public string? CashRegisterName { get; set; }
    public string? DeviceId { get; set; }
    public string? CorporateId { get; set; }
    public string? ApplicationPackage { get; set; }
    /// <summary>The cash register's own POS id: text, or a number taken as its decimal text.</summary>
    [JsonConverter(typeof(Pairing.PosIdJsonConverter))]
    public string? PosId { get; set; }

    [JsonConverter(typeof(LicenceInstantConverter))]
    public DateTimeOffset? ValidFrom { get; set; }

    [JsonConverter(typeof(LicenceInstantConverter))]
    public DateTimeOffset? ValidTo { get; set; }

    /// <summary>Renewal: the activation to renew.</summary>
    public string? ProductionNumber { get; set; }

    /// <summary>Renewal: the current (or last) API key, unless sent in a header.</summary>
    public string? ApiKey { get; set; }

    /// <summary>Every other field: the contract's auxiliary fields.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Auxiliary { get; set; }
}
