using System.Net;
using System.Text.Json.Nodes;
using Fleet.Tests.Infrastructure;

namespace Fleet.Tests.Hostile;

/// <summary>One Fleet host for the whole hostile-input suite (starting a host costs seconds; the
/// cases cost milliseconds), with a dashboard admin password and a store that declares a corporate
/// id, so licence and sign-in cases get past their first check.</summary>
public sealed class HostileFixture : IAsyncLifetime
{
    public const string AdminPassword = "hostile-admin-password";
    public const string CorporateId = "5566778899";

    public FleetServer Server { get; private set; } = null!;
    public string StoreId { get; } = Unique.Id("hstore");

    public async Task InitializeAsync()
    {
        Server = await FleetServer.StartAsync(new()
        {
            ["Fleet:Admin:Password"] = AdminPassword,
            // Every case calls from 127.0.0.1 and many send bad codes: the address budget must not run out.
            ["Fleet:Pairing:MaxAddressFailures"] = "1000000",
            ["Fleet:Pairing:MessageTimeout"] = "00:00:01",
        });
        var response = await Server.Client().PutJsonAsync($"/api/v1/stores/{StoreId}",
            new { name = "Hostile store", timeZone = "UTC", corporateId = CorporateId });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    public async Task DisposeAsync() => await Server.DisposeAsync();

    /// <summary>Asserts that a client's mistake was answered as one (4xx, never 5xx), in problem
    /// details unless the route's contract has its own shape, and that nothing at error level was logged
    /// since <paramref name="mark"/>.</summary>
    public async Task<string> AssertClientMistakeAsync(HttpResponseMessage response, int mark, string what, bool problemDetails = true)
    {
        var text = await response.Content.ReadAsStringAsync();
        var status = (int)response.StatusCode;
        Assert.True(status is >= 400 and < 500, $"{what}: expected a 4xx, got {status}: {Shorten(text)}");
        if (problemDetails)
        {
            Assert.True(response.Content.Headers.ContentType?.MediaType == "application/problem+json",
                $"{what}: expected problem details, got {response.Content.Headers.ContentType}: {Shorten(text)}");
            var problem = JsonNode.Parse(text)!;
            Assert.Equal(status, problem["status"]?.GetValue<int>());
        }
        AssertNoErrorLogged(mark, what);
        return text;
    }

    public void AssertNoErrorLogged(int mark, string what)
    {
        var errors = Server.Logs.ErrorsSince(mark);
        Assert.True(errors.Count == 0, $"{what}: logged at error level: {string.Join(" | ", errors)}");
    }

    public static string Shorten(string text) => text.Length <= 400 ? text : text[..400] + "…";
}

[CollectionDefinition(Name)]
public sealed class HostileCollection : ICollectionFixture<HostileFixture>
{
    public const string Name = "hostile";
}
