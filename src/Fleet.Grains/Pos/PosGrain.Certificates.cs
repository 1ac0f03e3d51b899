using Fleet.Common;
using Fleet.Pki;
using Fleet.Stores;

namespace Fleet.Pos;

/// <summary>The certificate side of a POS.</summary>
public sealed partial class PosGrain : IPosCertificatesGrain
{
    /// <summary>RFC 5280 cessationOfOperation: the POS is decommissioned.</summary>
    private const int CessationOfOperation = 5;

    public async Task<CommandResult<IReadOnlyList<string>>> AttachCertificate(CertificateRecord record, bool supersede)
    {
        if (Identity is not var (keyStore, posId) || keyStore != record.StoreId || posId != record.PosId)
            return CommandResult<IReadOnlyList<string>>.Conflict(
                $"Certificate {record.SerialNumber} names POS '{record.PosId}' of store '{record.StoreId}', not '{this.GetPrimaryKeyString()}'.");
        var now = time.GetUtcNow();
        if (!Exists)
        {
            // The contract's posId is user-defined: a POS paired before anyone registered it is
            // created in the store of the terminal it paired with.
            var attached = await grains.GetGrain<IStoreGrain>(record.StoreId).AttachPos(new PosSummary(posId, null));
            if (attached.Status == CommandStatus.NotFound)
                return CommandResult<IReadOnlyList<string>>.NotFound($"Store '{record.StoreId}' does not exist.");
            State.PosId = posId;
            State.CreatedAt = now;
            State.Definition = new PosDefinition(record.StoreId, null);
        }

        var certificates = State.Certificates;
        IReadOnlyList<string> superseded = supersede
            ? certificates.Active.Keys.Where(s => s != record.SerialNumber).ToArray()
            : [];
        foreach (var serial in superseded) certificates.Active.Remove(serial);
        certificates.Active[record.SerialNumber] = record.NotAfter;
        certificates.CurrentSerial = record.SerialNumber;
        certificates.CurrentNotAfter = record.NotAfter;
        certificates.TerminalId = record.TerminalId;
        State.UpdatedAt = now;
        await pos.WriteStateAsync();
        return CommandResult<IReadOnlyList<string>>.Ok(CommandStatus.Updated, superseded);
    }

    public async Task CertificateRevoked(string serialNumber)
    {
        var certificates = State.Certificates;
        if (!Exists || !certificates.Active.Remove(serialNumber)) return;
        if (certificates.CurrentSerial == serialNumber)
        {
            // Fall back to the newest certificate still good (an older one kept through a renewal), if any.
            var next = certificates.Active.OrderByDescending(a => a.Value).FirstOrDefault();
            certificates.CurrentSerial = next.Key;
            certificates.CurrentNotAfter = next.Key is null ? null : next.Value;
            if (next.Key is null) certificates.TerminalId = null;
        }
        State.UpdatedAt = time.GetUtcNow();
        await pos.WriteStateAsync();
    }

    public Task<PosCertificates?> GetCertificates() => Task.FromResult(Exists
        ? new PosCertificates(State.PosId, State.Definition!.StoreId, State.Certificates.CurrentSerial,
            State.Certificates.TerminalId, State.Certificates.Active.Keys.Order(StringComparer.Ordinal).ToArray())
        : null);

    private async Task RevokeAllAsync()
    {
        // In parallel: a certificate revoked on the POS's behalf does not call back into this grain.
        await grains.RevokeAllAsync(State.Certificates.Active.Keys.ToArray(), CessationOfOperation, RevocationSource.Pos);
        State.Certificates.Active.Clear();
    }
}
