namespace Fleet.Pki;

/// <summary>Who asked for a revocation. The certificate tells the POS and terminal it belongs to,
/// except the one that asked: that one has already updated itself (and a call back into a grain
/// that is waiting for the answer would deadlock).</summary>
[GenerateSerializer, Alias("fleet.revocation-source")]
public enum RevocationSource
{
    Operator = 0,
    Pos = 1,
    Terminal = 2,

    /// <summary>Its own renewal superseded it (first use of the successor, or the renewal grace
    /// ended): nobody else has updated itself, so both the POS and the terminal are told.</summary>
    Lineage = 3,
}
