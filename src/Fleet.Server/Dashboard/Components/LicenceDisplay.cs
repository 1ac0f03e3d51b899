using Fleet.Licences;
using Fleet.Server.Apis.Models;

namespace Fleet.Server.Dashboard.Components;

/// <summary>Reads the wire strings of an <see cref="ActivationResource"/> back as enums for display.</summary>
public static class LicenceDisplay
{
    public static LicenceStatus StatusOf(ActivationResource licence) => Enum.Parse<LicenceStatus>(licence.Status);

    public static LicenceApproval ApprovalOf(ActivationResource licence) => Enum.Parse<LicenceApproval>(licence.Approval, ignoreCase: true);
}
