using Fleet.Common;
using Fleet.Storage;

namespace Fleet.Licences;

[GenerateSerializer, Alias("fleet.activation-state")]
public sealed class ActivationState : IProjectedState
{
    [Id(0)] public string ProductionNumber { get; set; } = "";
    [Id(1)] public ActivationDefinition? Definition { get; set; }
    [Id(2)] public LicenceApproval Approval { get; set; }
    [Id(3)] public DateTimeOffset ValidFrom { get; set; }
    [Id(4)] public DateTimeOffset ValidTo { get; set; }

    /// <summary>SHA-256 of the current API key; the key itself is never stored.</summary>
    [Id(5)] public byte[] KeyHash { get; set; } = [];

    /// <summary>SHA-256 of the key the last renewal replaced, accepted for renewal only until the
    /// current key is first used (a POS that lost the renewal answer can retry).</summary>
    [Id(6)] public byte[]? PreviousKeyHash { get; set; }

    [Id(7)] public bool KeyUsed { get; set; }
    [Id(8)] public DateTimeOffset KeyIssuedAt { get; set; }
    [Id(9)] public DateTimeOffset CreatedAt { get; set; }
    [Id(10)] public DateTimeOffset UpdatedAt { get; set; }
    [Id(11)] public DateTimeOffset? DecidedAt { get; set; }
    [Id(12)] public List<LicenceAuditEntry> Audit { get; set; } = [];

    /// <summary>Set with every change a linked POS must hear of; cleared (in memory) once told, so
    /// a change whose propagation failed is retried, at the latest when the grain activates again.</summary>
    [Id(13)] public bool PosSyncPending { get; set; }

    public ReadModelRow ToReadModelRow(string grainKey) => Definition is null
        ? new ReadModelRow("activations", ProductionNumber, null)
        : new ReadModelRow("activations", ProductionNumber, new Dictionary<string, object?>
        {
            ["cash_register_name"] = Definition.CashRegisterName,
            ["device_id"] = Definition.DeviceId,
            ["corporate_id"] = Definition.CorporateId,
            ["application_package"] = Definition.ApplicationPackage,
            ["pos_id"] = Definition.PosId,
            ["approval"] = Approval.ToWire(),
            ["valid_from_ms"] = UnixTime.Ms(ValidFrom),
            ["valid_to_ms"] = UnixTime.Ms(ValidTo),
            ["key_issued_at_ms"] = UnixTime.Ms(KeyIssuedAt),
            ["decided_at_ms"] = UnixTime.Ms(DecidedAt),
            ["created_at_ms"] = UnixTime.Ms(CreatedAt),
            ["updated_at_ms"] = UnixTime.Ms(UpdatedAt),
        });
}
