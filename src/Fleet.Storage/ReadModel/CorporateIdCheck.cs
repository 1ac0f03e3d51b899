namespace Fleet.Storage.ReadModel;

/// <summary>Whether any store declares a corporate id, and whether one declares the given id.</summary>
public sealed record CorporateIdCheck(bool AnyDeclared, bool Known)
{
    /// <summary>A corporate id is acceptable when it is known, or when no store declares any (a
    /// fleet that does not track corporate ids accepts every one).</summary>
    public bool Accepted => Known || !AnyDeclared;
}
