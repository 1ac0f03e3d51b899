namespace Fleet.Server.Licences;

/// <summary>A JSON number or boolean kept as the caller sent it (<c>12.50</c> stays <c>12.50</c>), for
/// the canonical JSON to write verbatim: the descriptor signs what the cash register sent.</summary>
public sealed record RawJsonValue(string Text);
