namespace Fleet.Server.Enrolment;

/// <summary>What a terminal sends to <c>POST /enrol</c> on the device listener.</summary>
public sealed record EnrolmentRequest(string? TerminalId, string? EnrolmentCode);
