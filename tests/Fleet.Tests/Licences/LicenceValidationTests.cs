using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Fleet.Tests.Infrastructure;

namespace Fleet.Tests.Licences;

/// <summary>Every activation rule has a failing input: a 400 naming the field, and nothing written.</summary>
public sealed class LicenceValidationTests(ServerFixture fixture) : IClassFixture<ServerFixture>, IAsyncLifetime
{
    private const string Corporate = "corp-validation";
    private readonly FleetServer _server = fixture.Server;
    private readonly LicenceClient _pos = new(fixture.Server);
    private readonly HttpClient _admin = fixture.Server.Client();

    public async Task InitializeAsync()
    {
        // A store declaring a corporate id makes the corporate-id rule apply.
        (await _admin.PutJsonAsync("/api/v1/stores/validation-store", new { name = "V", timeZone = "UTC", corporateId = Corporate }))
            .EnsureSuccessStatusCode();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public static TheoryData<string, string> InvalidFields() => new()
    {
        { "cashRegisterName=", "cashRegisterName" },
        { "cashRegisterName=" + new string('x', 101), "cashRegisterName" },
        { "cashRegisterName=Till\u0007", "cashRegisterName" },
        { "deviceId=", "deviceId" },
        { "deviceId=" + new string('d', 129), "deviceId" },
        { "corporateId=", "corporateId" },
        { "corporateId=" + new string('c', 65), "corporateId" },
        { "applicationPackage=", "applicationPackage" },
        { "applicationPackage=" + new string('a', 256), "applicationPackage" },
        { "posId=" + new string('p', 256), "posId" },
        { "posId=Kassa\u0007", "posId" },
        { "validFrom=", "validFrom" },
        { "validTo=", "validTo" },
        { "validFrom=T+0h1m", "validFrom" },
        { "validTo=T+365d1s", "validTo" },
        { "validFrom=2030-01-01T00:00:00+01:00", "validFrom" },
        { "validFrom=T+1d;validTo=T+1d", "validTo" }, // validFrom == validTo
        { "validFrom=T+2d;validTo=T+1d", "validTo" }, // validFrom > validTo
        { "validTo=T+367d", "validTo" },        // longer than one year
        { "validFrom=T-300d;validTo=T-10d", "validTo" }, // expired on arrival
        { "email=\u0001", "email" },
        { "apiKey=lic_000000000000_x", "apiKey" }, // a key without a production number is not a renewal
    };

    [Theory]
    [MemberData(nameof(InvalidFields))]
    public async Task Invalid_activation_is_400_naming_the_field_and_writes_nothing(string change, string field)
    {
        var deviceId = "validation-" + Guid.NewGuid().ToString("N")[..12];
        var body = Apply(Valid(deviceId), change);
        var problem = await (await _pos.PostAsync(body)).AssertProblemAsync(400);
        Assert.True(problem["errors"]?[field] is not null, problem.ToJsonString());
        await AssertNothingWrittenAsync(deviceId);
    }

    [Theory]
    [InlineData("{\"cashRegisterName\": 5}", "cashRegisterName")]
    [InlineData("{\"validFrom\": \"yesterday\"}", "validFrom")]
    [InlineData("{\"validFrom\": true}", "validFrom")]
    [InlineData("{\"cashRegisterName\": \"x\",", "body")]
    [InlineData("[]", "body")]
    public async Task Malformed_bodies_are_400_naming_the_field(string json, string field)
    {
        var response = await _pos.Http.PostAsync("/activations-advanced", new StringContent(json, Encoding.UTF8, "application/json"));
        var problem = await response.AssertProblemAsync(400);
        Assert.True(problem["errors"]?[field] is not null, problem.ToJsonString());
    }

    [Fact]
    public async Task Auxiliary_fields_must_be_strings_and_are_bounded()
    {
        var deviceId = "validation-" + Guid.NewGuid().ToString("N")[..12];
        // Numbers, booleans and null are accepted (issue 14, ActivationInputTests); objects and arrays are not.
        var nested = Valid(deviceId);
        nested["seats"] = new JsonObject { ["count"] = 4 };
        Assert.NotNull((await (await _pos.PostAsync(nested)).AssertProblemAsync(400))["errors"]?["seats"]);
        var list = Valid(deviceId);
        list["seats"] = new JsonArray(1, 2);
        Assert.NotNull((await (await _pos.PostAsync(list)).AssertProblemAsync(400))["errors"]?["seats"]);

        var many = Valid(deviceId);
        for (var i = 0; i < 33; i++) many[$"extra{i}"] = "x";
        Assert.NotNull((await (await _pos.PostAsync(many)).AssertProblemAsync(400))["errors"]?["body"]);

        var longValue = Valid(deviceId);
        longValue["note"] = new string('n', 1025);
        Assert.NotNull((await (await _pos.PostAsync(longValue)).AssertProblemAsync(400))["errors"]?["note"]);
        await AssertNothingWrittenAsync(deviceId);
    }

    [Fact]
    public async Task Boundaries_are_accepted_dates_as_unix_ms_or_plain_dates_too()
    {
        var deviceId = "validation-" + Guid.NewGuid().ToString("N")[..12];
        var body = Valid(deviceId);
        body["validFrom"] = _pos.Today.ToUnixTimeMilliseconds();             // Java's default date form
        body["validTo"] = _pos.Today.AddYears(1).ToString("yyyy-MM-dd");     // exactly one year
        body["cashRegisterName"] = new string('x', 100);
        var (productionNumber, _, created) = await _pos.CreateAsync(body);
        Assert.Equal(_pos.Today.AddYears(1), DateTimeOffset.Parse(created["validTo"]!.GetValue<string>()));
        var listed = await _admin.GetJsonAsync($"/api/v1/activations/{productionNumber}");
        Assert.Equal(deviceId, listed["deviceId"]!.GetValue<string>());
    }

    [Fact]
    public async Task Renewal_rules()
    {
        var (productionNumber, key, _) = await _pos.CreateAsync(Valid("validation-renewal"));
        JsonObject Renewal(string? apiKey) => new()
        {
            ["productionNumber"] = productionNumber, ["apiKey"] = apiKey,
            ["validFrom"] = LicenceClient.Iso(_pos.Today), ["validTo"] = LicenceClient.Iso(_pos.Today.AddMonths(3)),
        };

        // Identity fields cannot change on renewal (repeating them unchanged is fine: ActivationInputTests).
        var changed = Renewal(key);
        changed["cashRegisterName"] = "Other till";
        Assert.NotNull((await (await _pos.PostAsync(changed)).AssertProblemAsync(400))["errors"]?["cashRegisterName"]);
        // A key is required, a production number must have Fleet's shape, the period obeys the same rules.
        Assert.NotNull((await (await _pos.PostAsync(Renewal(null))).AssertProblemAsync(400))["errors"]?["apiKey"]);
        var badNumber = Renewal(key);
        badNumber["productionNumber"] = "short";
        Assert.NotNull((await (await _pos.PostAsync(badNumber)).AssertProblemAsync(400))["errors"]?["productionNumber"]);
        var badPeriod = Renewal(key);
        badPeriod["validTo"] = LicenceClient.Iso(_pos.Today.AddYears(2));
        Assert.NotNull((await (await _pos.PostAsync(badPeriod)).AssertProblemAsync(400))["errors"]?["validTo"]);
        // Unknown keys and production numbers are 401.
        await (await _pos.PostAsync(Renewal($"lic_{productionNumber}_{new string('A', 43)}"))).AssertProblemAsync(401);
        var unknown = Renewal(key);
        unknown["productionNumber"] = "ZZZZZZZZZZZZ";
        await (await _pos.PostAsync(unknown)).AssertProblemAsync(401);

        // None of that changed anything: the key still authenticates (pending approval).
        await LicenceClient.AssertRefusedAsync(await _pos.HandshakeAsync(key), "PendingApproval");
        var audit = await _admin.GetJsonAsync($"/api/v1/activations/{productionNumber}/audit");
        Assert.Single(audit.AsArray());

        // The key may also come in the Authorization header; a pending activation stays pending.
        var renewal = Renewal(null);
        renewal.Remove("apiKey");
        var renewed = await _pos.SendAsync(HttpMethod.Post, "/activations-advanced", key, bearer: true, content: JsonContent.Create(renewal));
        Assert.Equal(HttpStatusCode.OK, renewed.StatusCode);
        var newKey = (await renewed.JsonAsync())["apiKey"]!.GetValue<string>();
        Assert.Equal("PendingApproval", (await renewed.JsonAsync())["status"]!.GetValue<string>());
        await LicenceClient.AssertRefusedAsync(await _pos.HandshakeAsync(newKey), "PendingApproval");
        await (await _pos.HandshakeAsync(key)).AssertProblemAsync(401);
    }

    [Fact]
    public async Task Unknown_or_malformed_licence_keys_are_401_and_fleet_keys_do_not_open_licence_routes()
    {
        await (await _pos.HandshakeAsync(null)).AssertProblemAsync(401);
        await (await _pos.HandshakeAsync("lic_ZZZZZZZZZZZZ_" + new string('A', 43))).AssertProblemAsync(401);
        await (await _pos.HandshakeAsync("not-a-key")).AssertProblemAsync(401);
        await (await _pos.HandshakeAsync(FleetServer.AdminKey, bearer: true)).AssertProblemAsync(401);
        await (await _pos.SendAsync(HttpMethod.Get, "/activations/activation-code", FleetServer.AdminKey, bearer: true)).AssertProblemAsync(401);

        // ...and a licence key does not open the admin API.
        var (_, key, _) = await _pos.CreateAsync(Valid("validation-cross"));
        await (await _server.Client(key).GetAsync("/api/v1/stores")).AssertProblemAsync(401);
    }

    [Fact]
    public async Task Custom_fields_of_an_activation_code_are_validated()
    {
        var (productionNumber, key, _) = await _pos.CreateAsync(Valid("validation-custom"));
        (await _admin.PostAsync($"/api/v1/activations/{productionNumber}/approve", null)).EnsureSuccessStatusCode();
        async Task<JsonNode> Post(object body) => await (await _pos.SendAsync(HttpMethod.Post, "/activations/activation-code", key,
            content: JsonContent.Create(body))).AssertProblemAsync(400);

        Assert.NotNull((await Post(new { customFields = new Dictionary<string, string> { ["1bad"] = "x" } }))["errors"]?["customFields.1bad"]);
        Assert.NotNull((await Post(new { customFields = new Dictionary<string, string> { ["v"] = new string('v', 1025) } }))["errors"]?["customFields.v"]);
        Assert.NotNull((await Post(new { customFields = Enumerable.Range(0, 33).ToDictionary(i => $"f{i}", i => "x") }))["errors"]?["customFields"]);
        Assert.NotNull((await Post(new { customFields = new { n = 1 } }))["errors"]?["customFields.n"]);
        Assert.NotNull((await Post(new { other = 1 }))["errors"]?["other"]);
    }

    private JsonObject Valid(string deviceId)
    {
        var body = _pos.NewActivation(Corporate);
        body["deviceId"] = deviceId;
        return body;
    }

    /// <summary>Applies "field=value;field=value" where a value "T+1d2h" is a time relative to
    /// today's midnight, and an empty value removes the field.</summary>
    private JsonObject Apply(JsonObject body, string change)
    {
        foreach (var part in change.Split(';'))
        {
            var (name, value) = (part[..part.IndexOf('=')], part[(part.IndexOf('=') + 1)..]);
            if (value.Length == 0) body.Remove(name);
            else if (value.StartsWith("T+") || value.StartsWith("T-")) body[name] = LicenceClient.Iso(Relative(value));
            else body[name] = value;
        }
        return body;
    }

    private DateTimeOffset Relative(string text)
    {
        var sign = text[1] == '-' ? -1 : 1;
        var time = _pos.Today;
        foreach (System.Text.RegularExpressions.Match m in System.Text.RegularExpressions.Regex.Matches(text[2..], "(\\d+)([dhms])"))
        {
            var n = sign * int.Parse(m.Groups[1].Value);
            time = m.Groups[2].Value switch
            {
                "d" => time.AddDays(n), "h" => time.AddHours(n), "m" => time.AddMinutes(n), _ => time.AddSeconds(n),
            };
        }
        return time;
    }

    private async Task AssertNothingWrittenAsync(string deviceId)
    {
        var page = await _admin.GetJsonAsync($"/api/v1/activations?corporateId={Corporate}&limit=500");
        Assert.DoesNotContain(page["items"]!.AsArray(), a => a!["deviceId"]!.GetValue<string>() == deviceId);
        var other = await _admin.GetJsonAsync("/api/v1/activations?corporateId=not-a-known-corporate-id&limit=500");
        Assert.Empty(other["items"]!.AsArray());
    }
}
