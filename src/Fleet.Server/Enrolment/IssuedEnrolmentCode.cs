namespace Fleet.Server.Enrolment;

/// <summary>A fresh enrolment code, handed to the operator once: Fleet keeps only its keyed hash.</summary>
public sealed record IssuedEnrolmentCode(string TerminalId, string EnrolmentCode, DateTimeOffset ExpiresAt)
{
    // Keep the code out of logs even if someone logs the whole record.
    public override string ToString() => $"IssuedEnrolmentCode {{ TerminalId = {TerminalId}, ExpiresAt = {ExpiresAt:O} }}";
}
