using Fleet.Stores;
using Fleet.Pos;
using Fleet.Terminals;

namespace Fleet.Server.Apis.Models;

/// <summary>A store as the API returns it, with its devices' summaries.</summary>
public sealed record StoreResource(
    string StoreId, string Name, string TimeZone, string? CorporateId,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt,
    IReadOnlyList<StoreTerminalResource> Terminals, IReadOnlyList<StorePosResource> Pos, LicenceCountsResource Licences)
{
    public static StoreResource From(StoreView view, DateTimeOffset now, TimeSpan offlineAfter) => new(
        view.StoreId, view.Name, view.TimeZone, view.CorporateId, view.CreatedAt, view.UpdatedAt,
        view.Terminals.Select(t => new StoreTerminalResource(
            t.TerminalId, t.Kind.ToWire(), t.SerialNumber, t.Model, t.AppVersion, t.LastSeen,
            TerminalHealthRules.Derive(t.LastSeen, now, offlineAfter).ToWire())).ToArray(),
        view.Pos.Select(p => new StorePosResource(p.PosId, p.Name, LicenceSummaryResource.From(p.Licence, now))).ToArray(),
        LicenceCountsResource.From(view.Pos.Select(p => p.Licence).OfType<Fleet.Licences.LicenceLink>(), now));
}

public sealed record StoreTerminalResource(
    string TerminalId, string Kind, string SerialNumber, string? Model, string? AppVersion,
    DateTimeOffset? LastSeen, string Health);

public sealed record StorePosResource(string PosId, string? Name, LicenceSummaryResource? Licence);
