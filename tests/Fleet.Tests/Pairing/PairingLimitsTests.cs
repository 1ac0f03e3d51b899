using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Fleet.Pki;
using Fleet.Tests.Infrastructure;

namespace Fleet.Tests.Pairing;

/// <summary>Brute-force brakes and durability, each on a server of its own (default limits).</summary>
public sealed class PairingLimitsTests
{
    [Fact]
    public async Task A_thousand_wrong_guesses_issue_nothing_and_end_in_429()
    {
        await using var server = await FleetServer.StartAsync();
        var (_, terminal) = await server.CreateTerminalAsync();
        var live = (await server.GenerateCodeAsync(terminal))["code"]!.GetValue<string>();

        var statuses = new List<HttpStatusCode>();
        var device = server.DeviceClient();
        for (var i = 0; i < 1000; i++)
        {
            var guess = RandomNumberGenerator.GetString(SetupCodes.Alphabet, SetupCodes.Length);
            if (guess == live) continue;
            var response = await device.PostAsync("/", new StringContent($$"""{"posId":"p{{i}}","setupCode":"{{guess}}"}"""));
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
                Assert.True(int.Parse(response.Headers.GetValues("Retry-After").Single()) > 0);
        }

        Assert.All(statuses, s => Assert.True(s is HttpStatusCode.Unauthorized or HttpStatusCode.TooManyRequests, s.ToString()));
        Assert.Equal(20, statuses.Count(s => s == HttpStatusCode.Unauthorized));
        var issued = await server.Client().GetJsonAsync("/api/v1/certificates");
        Assert.Empty(issued["items"]!.AsArray());

        // Even the right code waits out the address's window; afterwards it works.
        Assert.Equal(HttpStatusCode.TooManyRequests, (await server.PairAsync("pos-1", live)).StatusCode);
        server.Time.Advance(TimeSpan.FromMinutes(15));
        var code = (await server.Client().GetJsonAsync($"/api/v1/terminals/{terminal}/setup-code"))["code"]!.GetValue<string>();
        await server.PairOkAsync("pos-1", code);
    }

    [Fact]
    public async Task Replaying_a_spent_code_locks_the_terminals_window()
    {
        await using var server = await FleetServer.StartAsync();
        var (_, terminal) = await server.CreateTerminalAsync();
        var code = (await server.GenerateCodeAsync(terminal))["code"]!.GetValue<string>();
        await server.PairOkAsync("pos-1", code);
        for (var i = 0; i < 4; i++) await (await server.PairAsync("pos-2", code)).AssertProblemAsync(401);
        var current = (await server.Client().GetJsonAsync($"/api/v1/terminals/{terminal}/setup-code"))["code"]!.GetValue<string>();

        await (await server.PairAsync("pos-2", code)).AssertProblemAsync(401); // the fifth failure locks
        var locked = await server.Client().PostAsync($"/api/v1/terminals/{terminal}/setup-code", null);
        await locked.AssertProblemAsync(429);
        Assert.True(int.Parse(locked.Headers.GetValues("Retry-After").Single()) > 0);
        await (await server.PairAsync("pos-2", current)).AssertProblemAsync(401); // rotated away

        server.Time.Advance(TimeSpan.FromMinutes(16));
        var reopened = (await server.GenerateCodeAsync(terminal))["code"]!.GetValue<string>();
        await server.PairOkAsync("pos-2", reopened);
    }

    [Fact]
    public async Task A_pos_retrying_its_code_concurrently_does_not_lock_its_terminal()
    {
        await using var server = await FleetServer.StartAsync();
        var (_, terminal) = await server.CreateTerminalAsync();
        var code = (await server.GenerateCodeAsync(terminal))["code"]!.GetValue<string>();

        // Six concurrent retries of one code by the POS it is meant for (a flaky network, an eager
        // client): one certificate, five "already used", and the terminal stays usable.
        var answers = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => server.PairAsync("pos-1", code)));
        Assert.Single(answers, a => a.StatusCode == HttpStatusCode.OK);
        foreach (var refused in answers.Where(a => a.StatusCode != HttpStatusCode.OK)) await refused.AssertProblemAsync(401);
        // ... and again later, when its answer was lost.
        await (await server.PairAsync("pos-1", code)).AssertProblemAsync(401);

        var pairing = await server.Client().GetJsonAsync($"/api/v1/terminals/{terminal}/pairing");
        Assert.Null(pairing["lockedUntil"]);
        var next = (await server.Client().GetJsonAsync($"/api/v1/terminals/{terminal}/setup-code"))["code"]!.GetValue<string>();
        Assert.NotEqual(code, next);
        await server.PairOkAsync("pos-2", next);
    }

    [Fact]
    public async Task Guessing_from_one_address_does_not_refuse_another()
    {
        await using var server = await FleetServer.StartAsync(new() { ["Fleet:Pairing:MaxAddressFailures"] = "3" });
        var (_, terminal) = await server.CreateTerminalAsync();
        var live = (await server.GenerateCodeAsync(terminal))["code"]!.GetValue<string>();
        var guesser = server.DeviceClient(from: LoopbackSource.Second);
        for (var i = 0; i < 3; i++)
            await (await guesser.PostAsync("/", new StringContent($$"""{"posId":"p","setupCode":"{{Wrong(live)}}"}"""))).AssertProblemAsync(401);
        var blocked = await guesser.PostAsync("/", new StringContent($$"""{"posId":"p","setupCode":"{{live}}"}"""));
        await blocked.AssertProblemAsync(429);
        Assert.True(int.Parse(blocked.Headers.GetValues("Retry-After").Single()) > 0);

        await server.PairOkAsync("pos-1", live); // from 127.0.0.1
    }

    private static string Wrong(string live)
    {
        while (true)
        {
            var guess = RandomNumberGenerator.GetString(SetupCodes.Alphabet, SetupCodes.Length);
            if (guess != live) return guess;
        }
    }

    [Fact]
    public async Task The_ca_survives_a_restart_and_keeps_verifying_old_certificates()
    {
        await using var server = await FleetServer.StartAsync();
        var bundle = await server.PairNewPosAsync();
        var revoked = await server.PairNewPosAsync();
        Assert.Equal(HttpStatusCode.OK, (await server.Client().PostAsync($"/api/v1/certificates/{revoked.Serial}/revoke", null)).StatusCode);
        var rootBefore = server.Root.Thumbprint;

        await server.RestartAsync();

        Assert.Equal(rootBefore, X509Certificate2.CreateFromPem(await server.DeviceClient().GetStringAsync("/ca.pem")).Thumbprint);
        using var certificate = bundle.ClientCertificate();
        using var revokedCertificate = revoked.ClientCertificate();
        Assert.Equal(HttpStatusCode.OK, (await server.TrySessionAsync(certificate))?.StatusCode);
        Assert.Null(await server.TrySessionAsync(revokedCertificate));
        Assert.Contains("OK", await PairingTests.OpensslVerifyAsync(bundle));
    }
}
