namespace Fleet.Licences;

/// <summary>The actions recorded in an activation's audit trail.</summary>
public static class LicenceActions
{
    public const string Created = "created";
    public const string Renewed = "renewed";
    public const string Approved = "approved";
    public const string Rejected = "rejected";
    public const string Revoked = "revoked";

    /// <summary>The actor recorded for what the POS software does with its own credentials.</summary>
    public const string CashRegister = "cash-register";
}
