using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Fleet.Tests.Infrastructure;
using Fleet.Tests.Licences;

namespace Fleet.Tests.Hostile;

/// <summary>srv4pos activations as a Java client sends them (seed 003; issue 14, point 3).</summary>
[Collection(HostileCollection.Name)]
public sealed class ActivationInputTests(HostileFixture fixture)
{
    private readonly FleetServer _server = fixture.Server;
    private LicenceClient Pos => new(_server);

    /// <summary>What Jackson writes for an activation object with an int posId, unset fields
    /// (null) and number and boolean extras, dates as unix milliseconds.</summary>
    private string JavaBody(string deviceId, string corporateId, string posId = "7") => $$"""
        {"cashRegisterName":"Kassa 1","deviceId":"{{deviceId}}","corporateId":"{{corporateId}}",
         "applicationPackage":"se.example.kassa","posId":{{posId}},
         "validFrom":{{Pos.Today.ToUnixTimeMilliseconds()}},"validTo":{{Pos.Today.AddMonths(6).ToUnixTimeMilliseconds()}},
         "productionNumber":null,"apiKey":null,"email":null,"seats":4,"price":12.50,"kiosk":true,"note":"Kassa-ÅÄÖ"}
        """;

    private Task<HttpResponseMessage> PostAsync(string json) =>
        Pos.Http.PostAsync("/activations-advanced", new StringContent(json, Encoding.UTF8, "application/json"));

    [Fact]
    public async Task A_java_clients_activation_is_accepted_and_its_fields_signed_as_sent()
    {
        var deviceId = Unique.Id("java");
        var response = await PostAsync(JavaBody(deviceId, HostileFixture.CorporateId));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{(int)response.StatusCode}: {text}");
        var created = JsonNode.Parse(text)!;
        var productionNumber = created["productionNumber"]!.GetValue<string>();
        var key = created["apiKey"]!.GetValue<string>();

        // posId 7 is no Fleet POS: recorded as the cash register's field, not refused.
        var stored = await _server.Client().GetJsonAsync($"/api/v1/activations/{productionNumber}");
        Assert.Equal("7", stored["posId"]!.GetValue<string>());
        Assert.False(stored["unknownCompany"]!.GetValue<bool>());
        var auxiliary = stored["auxiliary"]!.AsObject();
        Assert.Equal(4, auxiliary["seats"]!.GetValue<int>());
        Assert.True(auxiliary["kiosk"]!.GetValue<bool>());
        Assert.Null(auxiliary["email"]);
        Assert.True(auxiliary.ContainsKey("email"));
        Assert.Equal("Kassa-ÅÄÖ", auxiliary["note"]!.GetValue<string>());

        // The descriptor signs the values as sent: 12.50 stays 12.50, null stays null.
        Assert.Equal(HttpStatusCode.OK, (await _server.Client().PostAsync($"/api/v1/activations/{productionNumber}/approve", null)).StatusCode);
        var code = await Pos.SendAsync(HttpMethod.Get, "/activations/activation-code", key);
        Assert.Equal(HttpStatusCode.OK, code.StatusCode);
        var signed = Encoding.UTF8.GetString(Convert.FromBase64String((await code.JsonAsync())["descriptorBytes"]!.GetValue<string>()));
        Assert.Contains("\"auxiliary\":{\"email\":null,\"kiosk\":true,\"note\":\"Kassa-ÅÄÖ\",\"price\":12.50,\"seats\":4}", signed);
        Assert.Contains("\"posId\":\"7\"", signed);
    }

    [Theory]
    [InlineData("\"Kasse/1\"")]
    [InlineData("\"POS 1\"")]
    [InlineData("\"{6F9619FF-8B86-D011-B42D-00C04FC964FF}\"")]
    [InlineData("null")]
    [InlineData("123")]
    public async Task An_activations_pos_id_is_recorded_whether_or_not_a_fleet_pos_has_it(string posId)
    {
        var response = await PostAsync(JavaBody(Unique.Id("java"), HostileFixture.CorporateId, posId));
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task An_unknown_corporate_id_waits_for_approval_flagged_unknown_company()
    {
        var corporate = Unique.Id("nocorp");
        var response = await PostAsync(JavaBody(Unique.Id("java"), corporate));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{(int)response.StatusCode}: {text}");
        var productionNumber = JsonNode.Parse(text)!["productionNumber"]!.GetValue<string>();
        Assert.Equal("PendingApproval", JsonNode.Parse(text)!["status"]!.GetValue<string>());

        var queue = await _server.Client().GetJsonAsync($"/api/v1/activations?status=PendingApproval&corporateId={corporate}");
        var item = Assert.Single(queue["items"]!.AsArray())!;
        Assert.Equal(productionNumber, item["productionNumber"]!.GetValue<string>());
        Assert.True(item["unknownCompany"]!.GetValue<bool>());
        Assert.True((await _server.Client().GetJsonAsync($"/api/v1/activations/{productionNumber}"))["unknownCompany"]!.GetValue<bool>());

        // Once a store declares the corporate id the flag is gone (it is derived on read).
        (await _server.Client().PutJsonAsync($"/api/v1/stores/{Unique.Id("corpstore")}", new { name = "New company", timeZone = "UTC", corporateId = corporate }))
            .EnsureSuccessStatusCode();
        Assert.False((await _server.Client().GetJsonAsync($"/api/v1/activations/{productionNumber}"))["unknownCompany"]!.GetValue<bool>());
    }

    [Fact]
    public async Task A_renewal_repeating_unchanged_fields_is_accepted_and_a_changed_one_refused()
    {
        var deviceId = Unique.Id("java");
        var created = await PostAsync(JavaBody(deviceId, HostileFixture.CorporateId));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var issued = await created.JsonAsync();
        var productionNumber = issued["productionNumber"]!.GetValue<string>();
        var key = issued["apiKey"]!.GetValue<string>();

        // The same object again, now with its production number and key (how a Java client renews).
        var renewal = JsonNode.Parse(JavaBody(deviceId, HostileFixture.CorporateId))!.AsObject();
        renewal["productionNumber"] = productionNumber;
        renewal["apiKey"] = key;
        renewal["validTo"] = Pos.Today.AddMonths(9).ToUnixTimeMilliseconds();

        var changed = renewal.DeepClone().AsObject();
        changed["deviceId"] = "another-device";
        var refused = await Pos.Http.PostAsync("/activations-advanced", JsonContent.Create(changed));
        var problem = await refused.AssertProblemAsync(400);
        Assert.NotNull(problem["errors"]?["deviceId"]);
        Assert.Null(problem["errors"]?["cashRegisterName"]);

        var renewed = await Pos.Http.PostAsync("/activations-advanced", JsonContent.Create(renewal));
        Assert.True(renewed.StatusCode == HttpStatusCode.OK, await renewed.Content.ReadAsStringAsync());
        Assert.Equal(productionNumber, (await renewed.JsonAsync())["productionNumber"]!.GetValue<string>());
        var audit = await _server.Client().GetJsonAsync($"/api/v1/activations/{productionNumber}/audit");
        Assert.Equal(["created", "renewed"], audit.AsArray().Select(e => e!["action"]!.GetValue<string>()));
    }
}
