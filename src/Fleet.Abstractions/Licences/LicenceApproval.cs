namespace Fleet.Licences;

/// <summary>Where an activation stands with the Tax Authority and headquarters. Only approval is
/// stored; whether the licence is usable right now also depends on its period and is derived on
/// read (<see cref="LicenceStatusRules"/>).</summary>
[GenerateSerializer, Alias("fleet.licence-approval")]
public enum LicenceApproval
{
    /// <summary>Created; the Tax Authority has not been notified yet.</summary>
    Pending = 0,

    /// <summary>Headquarters notified the Tax Authority and approved the cash register.</summary>
    Approved = 1,

    /// <summary>Refused; the production number can never be used.</summary>
    Rejected = 2,

    /// <summary>Withdrawn after approval (or while pending); the key never works again.</summary>
    Revoked = 3,
}

public static class LicenceApprovals
{
    /// <summary>The value kept in read-model columns (<c>activations.approval</c>, <c>pos.licence_state</c>).</summary>
    public static string ToWire(this LicenceApproval approval) => approval.ToString().ToLowerInvariant();
}
