namespace Fleet.Enrolment;

/// <summary>The terminal's answer to an enrolment or renewal: accepted, with the store its
/// certificate names, or refused without saying why (a wrong, expired or used code look alike).</summary>
[GenerateSerializer, Immutable, Alias("fleet.enrolment-claim")]
public sealed record EnrolmentClaim(
    [property: Id(0)] bool Accepted,
    [property: Id(1)] string? StoreId)
{
    public static readonly EnrolmentClaim Refused = new(false, null);

    public static EnrolmentClaim For(string storeId) => new(true, storeId);
}
