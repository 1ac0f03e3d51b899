using System.Net;
using System.Net.Http.Json;
using Fleet.Tests.Infrastructure;
using Fleet.Tests.Pairing;

namespace Fleet.Tests.Enrolment;

/// <summary>The brake on refused enrolments, per client address and cluster-wide, on a server of its
/// own with a small limit: the guesser's address waits, another address is not affected, and a
/// success forgives.</summary>
public sealed class EnrolmentBrakeTests
{
    [Fact]
    public async Task Refused_enrolments_brake_the_address_not_the_terminal()
    {
        await using var server = await FleetServer.StartAsync(new()
        {
            ["Fleet:Enrolment:AddressFailures:Limit"] = "3",
            ["Fleet:Enrolment:AddressFailures:Window"] = "00:01:00",
        });
        var (_, terminal) = await server.CreateTerminalAsync();
        var code = await server.IssueEnrolmentCodeAsync(terminal);
        var guesser = server.DeviceClient(from: LoopbackSource.Second);
        Task<HttpResponseMessage> Guess(HttpClient client) =>
            client.PostAsJsonAsync("/enrol", new { terminalId = terminal, enrolmentCode = "2222-2222-2222-2222" });

        for (var i = 0; i < 3; i++) await (await Guess(guesser)).AssertProblemAsync(401);
        var blocked = await Guess(guesser);
        await blocked.AssertProblemAsync(429);
        Assert.True(int.Parse(blocked.Headers.GetValues("Retry-After").Single()) > 0);
        // Blocked before the code is looked at: even the right one waits, so guessing goes nowhere.
        var right = await guesser.PostAsJsonAsync("/enrol", new { terminalId = terminal, enrolmentCode = code });
        await right.AssertProblemAsync(429);

        // The terminal itself, from its own address, is not refused: its code still enrols it once.
        await server.EnrolOkAsync(terminal, code);

        // Another address: two failures, a success forgives them, and three more are still answered 401.
        var store = server.DeviceClient(from: LoopbackSource.Third);
        for (var i = 0; i < 2; i++) await (await Guess(store)).AssertProblemAsync(401);
        var next = await server.IssueEnrolmentCodeAsync(terminal);
        Assert.Equal(HttpStatusCode.OK, (await store.PostAsJsonAsync("/enrol", new { terminalId = terminal, enrolmentCode = next })).StatusCode);
        for (var i = 0; i < 3; i++) await (await Guess(store)).AssertProblemAsync(401);

        // The guesser's block ends with its window.
        server.Time.Advance(TimeSpan.FromMinutes(1));
        await (await Guess(guesser)).AssertProblemAsync(401);
    }
}
