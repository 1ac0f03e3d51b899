namespace Fleet.Server.Apis.Models;

/// <summary>One POS a bare posId may mean, listed in the 409 of an ambiguous reference.</summary>
public sealed record PosCandidateResource(string Id, string StoreId, string PosId, string Href);
