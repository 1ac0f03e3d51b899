using Fleet.Common;
using Fleet.Licences;
using Fleet.Server.Audit;
using Fleet.Storage.ReadModel;

namespace Fleet.Server.Services;

/// <summary>Headquarters' side of srv4pos licences, for the REST API and the dashboard alike:
/// the paged list and the audited decisions (approve = "Tax Authority notified", reject, revoke).
/// <c>actor</c> is who decided: an API key id, or <c>user:{name}</c> for a dashboard user.</summary>
public sealed class LicenceService(IGrainFactory grains, FleetReadModel readModel, FleetClock time, AuditTrail audit)
{
    public Task<Page<ActivationRow>> ListAsync(ActivationFilter filter, string? sort, int limit, string? cursor, CancellationToken ct = default) =>
        readModel.ListActivationsAsync(filter, sort, limit, cursor, time.GetUtcNow(), ct);

    public async Task<ActivationView?> GetAsync(string productionNumber) =>
        Ids.IsValid(productionNumber) ? await Grain(productionNumber).Get() : null;

    /// <summary>Whether no store declares the corporate id (while some store declares one): the
    /// approval queue's "unknown company" flag, derived on read.</summary>
    public async Task<bool> IsUnknownCompanyAsync(string corporateId, CancellationToken ct = default) =>
        !(await readModel.CheckCorporateIdAsync(corporateId, ct)).Accepted;

    public async Task<IReadOnlyList<LicenceAuditEntry>> GetAuditAsync(string productionNumber) =>
        Ids.IsValid(productionNumber) ? await Grain(productionNumber).GetAudit() : [];

    public Task<CommandResult<ActivationView>> ApproveAsync(string productionNumber, string actor, string? note) =>
        Ids.IsValid(productionNumber)
            ? Audited(Grain(productionNumber).Approve(actor, note), "activation.approved", productionNumber, note, null)
            : NotFound(productionNumber);

    public Task<CommandResult<ActivationView>> RejectAsync(string productionNumber, string actor, string? reason) =>
        Ids.IsValid(productionNumber)
            ? Audited(Grain(productionNumber).Reject(actor, reason ?? ""), "activation.rejected", productionNumber, null, reason)
            : NotFound(productionNumber);

    public Task<CommandResult<ActivationView>> RevokeAsync(string productionNumber, string actor, string? reason) =>
        Ids.IsValid(productionNumber)
            ? Audited(Grain(productionNumber).Revoke(actor, reason ?? ""), "activation.revoked", productionNumber, null, reason)
            : NotFound(productionNumber);

    // The licence key is the grain's secret; the fleet-wide trail keeps the decision and its words only.
    private async Task<CommandResult<ActivationView>> Audited(
        Task<CommandResult<ActivationView>> decision, string action, string productionNumber, string? note, string? reason)
    {
        var result = await decision;
        if (result.Succeeded && result.Status != CommandStatus.Unchanged)
            await audit.RecordAsync(action, AuditTargets.Activation, productionNumber, new { result.Value!.Definition.PosId, note, reason });
        return result;
    }

    /// <summary>The audit actor for a dashboard user.</summary>
    public static string UserActor(string userName) => $"user:{userName}";

    private IActivationGrain Grain(string productionNumber) => grains.GetGrain<IActivationGrain>(productionNumber);

    private static Task<CommandResult<ActivationView>> NotFound(string productionNumber) =>
        Task.FromResult(CommandResult<ActivationView>.NotFound($"Activation '{productionNumber}' does not exist."));
}
