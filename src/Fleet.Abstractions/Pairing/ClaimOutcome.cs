namespace Fleet.Pairing;

/// <summary>How an attempt to redeem a setup code ended.</summary>
[GenerateSerializer, Alias("fleet.claim-outcome")]
public enum ClaimOutcome
{
    /// <summary>The code was live and is now spent for this POS.</summary>
    Claimed = 0,

    /// <summary>No such live code (never issued, rotated away or withdrawn).</summary>
    Unknown = 1,

    /// <summary>The code's 300 seconds are over.</summary>
    Expired = 2,

    /// <summary>The code was already redeemed.</summary>
    Used = 3,

    /// <summary>The terminal's pairing window is locked after repeated failures.</summary>
    Locked = 4,
}
