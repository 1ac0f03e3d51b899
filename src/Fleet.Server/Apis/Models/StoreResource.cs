using Fleet.OrderNPay;
using Fleet.Stores;
using Fleet.Pos;
using Fleet.Terminals;

namespace Fleet.Server.Apis.Models;

/// <summary>A store as the API returns it, with its devices' summaries, licence counts and its Order N Pay
/// connection (null when the store has no integration).</summary>
public sealed record StoreResource(
    string StoreId, string Name, string TimeZone, string? CorporateId,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt,
    IReadOnlyList<StoreTerminalResource> Terminals, IReadOnlyList<StorePosResource> Pos, LicenceCountsResource Licences,
    StoreOrderNPayResource? OrderNPay)
{
    public static StoreResource From(StoreView view, DateTimeOffset now, TimeSpan offlineAfter, OutletView? orderNPay = null) => new(
        view.StoreId, view.Name, view.TimeZone, view.CorporateId, view.CreatedAt, view.UpdatedAt,
        view.Terminals.Select(t => new StoreTerminalResource(
            t.TerminalId, t.Kind.ToWire(), t.SerialNumber, t.Model, t.AppVersion, t.LastSeen,
            TerminalHealthRules.Derive(t.LastSeen, now, offlineAfter).ToWire())).ToArray(),
        view.Pos.Select(p => new StorePosResource(p.PosId, PosKey.Of(view.StoreId, p.PosId), p.Name, LicenceSummaryResource.From(p.Licence, now))).ToArray(),
        LicenceCountsResource.From(view.Pos.Select(p => p.Licence).OfType<Fleet.Licences.LicenceLink>(), now),
        orderNPay is null ? null : new StoreOrderNPayResource(
            orderNPay.Connection.Connected, orderNPay.Connection.ConnectedSince, orderNPay.Connection.LastAckAt,
            orderNPay.PendingCount, orderNPay.OldestPendingAt));
}

public sealed record StoreTerminalResource(
    string TerminalId, string Kind, string SerialNumber, string? Model, string? AppVersion,
    DateTimeOffset? LastSeen, string Health);

/// <summary>A POS of the store: its posId and its Fleet id (<c>store~posId</c>, the address of <c>/api/v1/pos/{id}</c>).</summary>
public sealed record StorePosResource(string PosId, string Id, string? Name, LicenceSummaryResource? Licence);

public sealed record StoreOrderNPayResource(
    bool Connected, DateTimeOffset? ConnectedSince, DateTimeOffset? LastAckAt, int PendingCount, DateTimeOffset? OldestPendingAt);
