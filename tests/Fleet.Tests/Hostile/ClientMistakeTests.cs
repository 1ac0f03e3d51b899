using System.Buffers.Text;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Fleet.Tests.Infrastructure;

namespace Fleet.Tests.Hostile;

/// <summary>The requests issue 14 found answered with a 500 (most without any credential), each
/// now a 4xx in the route's own error shape with nothing logged at error level.</summary>
[Collection(HostileCollection.Name)]
public sealed class ClientMistakeTests(HostileFixture fixture)
{
    private readonly FleetServer _server = fixture.Server;

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    [Theory]
    [InlineData("9999-01-01T00:00:00Z", "9999-12-31T00:00:00Z")]
    [InlineData("9999-12-30T00:00:00Z", "9999-12-31T00:00:00Z")]
    [InlineData("9999-12-31", "253402300799999")]
    [InlineData("0001-01-01T00:00:00Z", "0001-01-02T00:00:00Z")]
    public async Task A_licence_period_at_the_edge_of_the_calendar_is_not_a_server_error(string validFrom, string validTo)
    {
        var mark = _server.Logs.Mark();
        var to = long.TryParse(validTo, out var ms) ? ms.ToString() : $"\"{validTo}\"";
        var response = await _server.Client(apiKey: null).PostAsync("/activations-advanced", Json($$"""
            {"cashRegisterName":"Till","deviceId":"d-1","corporateId":"{{HostileFixture.CorporateId}}",
             "applicationPackage":"com.example.pos","validFrom":"{{validFrom}}","validTo":{{to}}}
            """));
        var status = (int)response.StatusCode;
        Assert.True(status is 201 or 400, $"{validFrom}..{validTo}: {status} {await response.Content.ReadAsStringAsync()}");
        fixture.AssertNoErrorLogged(mark, "licence period");
    }

    [Fact]
    public async Task Invalid_utf8_in_an_activation_field_is_a_bad_request()
    {
        var mark = _server.Logs.Mark();
        var body = Encoding.UTF8.GetBytes($$"""{"cashRegisterName":"Till","deviceId":"d-1","corporateId":"{{HostileFixture.CorporateId}}","applicationPackage":"com.example.pos","validFrom":"2026-01-01","validTo":"2026-06-01","note":"X""")
            .Concat(new byte[] { 0xC3, 0x28, 0xFF }).Concat("\"}"u8.ToArray()).ToArray();
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new("application/json");
        var response = await _server.Client(apiKey: null).PostAsync("/activations-advanced", content);
        await fixture.AssertClientMistakeAsync(response, mark, "invalid UTF-8 auxiliary field");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Theory]
    [InlineData("")]
    [InlineData("00")]
    [InlineData("3000")]
    [InlineData("30030201")]
    [InlineData("300A3008300630043002A000")]
    [InlineData("DEADBEEFCAFEBABE0102030405060708")]
    public async Task Junk_to_the_ocsp_responder_is_answered_malformed_request(string hex)
    {
        var mark = _server.Logs.Mark();
        var content = new ByteArrayContent(Convert.FromHexString(hex));
        content.Headers.ContentType = new("application/ocsp-request");
        var response = await _server.DeviceClient().PostAsync("/ocsp", content);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/ocsp-response", response.Content.Headers.ContentType?.MediaType);
        // OCSPResponse ::= SEQUENCE { responseStatus ENUMERATED malformedRequest(1) }
        Assert.Equal(Convert.FromHexString("30030A0101"), await response.Content.ReadAsByteArrayAsync());
        if (hex.Length > 0)
        {
            var viaGet = await _server.DeviceClient().GetAsync("/ocsp/" + Uri.EscapeDataString(Convert.ToBase64String(Convert.FromHexString(hex))));
            Assert.Equal(Convert.FromHexString("30030A0101"), await viaGet.Content.ReadAsByteArrayAsync());
        }
        fixture.AssertNoErrorLogged(mark, "OCSP junk " + hex);
    }

    public static TheoryData<string, string> ForgedCursors()
    {
        var data = new TheoryData<string, string>();
        string Cursor(string json) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(json));
        foreach (var list in new[] { "/api/v1/stores", "/api/v1/terminals", "/api/v1/pos", "/api/v1/activations",
                     "/api/v1/certificates", "/api/v1/api-keys", "/api/v1/audit", "/api/v1/terminals?sort=lastSeen",
                     "/api/v1/stores?sort=name", "/api/v1/activations?sort=validTo" })
        {
            var column = list switch
            {
                _ when list.EndsWith("lastSeen") => "last_seen_ms",
                _ when list.EndsWith("sort=name") => "name",
                _ when list.EndsWith("validTo") => "valid_to_ms",
                _ => "id",
            };
            foreach (var value in new[] { "true", "1.5", "12345678901234567890123", "{\"a\":1}", "[1]", "\"text\"", "-7" })
                data.Add(list, Cursor($"[\"{column}\",{value},\"x\"]"));
            data.Add(list, Cursor($"[\"{column}\",1,true]"));
            data.Add(list, Cursor("{\"a\":1}"));
            data.Add(list, Cursor("[true,false,null]"));
            data.Add(list, "!!not-base64!!");
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(ForgedCursors))]
    public async Task A_forged_list_cursor_is_a_bad_request_or_an_empty_page(string list, string cursor)
    {
        var mark = _server.Logs.Mark();
        var separator = list.Contains('?') ? '&' : '?';
        var response = await _server.Client().GetAsync($"{list}{separator}cursor={Uri.EscapeDataString(cursor)}");
        var status = (int)response.StatusCode;
        if (status == 200)
        {
            // A cursor of the right shape pointing anywhere is a legitimate (possibly empty) page.
            fixture.AssertNoErrorLogged(mark, $"{list} cursor");
            return;
        }
        await fixture.AssertClientMistakeAsync(response, mark, $"{list} cursor {cursor}");
    }

    [Theory]
    [InlineData("/api/v1/pos?certificateExpiresWithinDays=3000000")]
    [InlineData("/api/v1/pos?certificateExpiresWithinDays=-1")]
    [InlineData("/api/v1/pos?certificateExpiresWithinDays=2147483647")]
    [InlineData("/api/v1/terminals?certificateExpiresWithinDays=2147483647")]
    [InlineData("/api/v1/pos?certificateExpiresWithinDays=99999999999")]
    [InlineData("/api/v1/pos?limit=-1")]
    [InlineData("/api/v1/pos?limit=2147483647")]
    [InlineData("/api/v1/audit?from=9999-12-31T23:59:59Z&to=0001-01-01T00:00:00Z")]
    [InlineData("/api/v1/audit?from=not-a-date")]
    public async Task Out_of_range_query_numbers_are_bad_requests(string path)
    {
        var mark = _server.Logs.Mark();
        var response = await _server.Client().GetAsync(path);
        var status = (int)response.StatusCode;
        if (status == 200) { fixture.AssertNoErrorLogged(mark, path); return; }
        await fixture.AssertClientMistakeAsync(response, mark, path);
    }

    [Fact]
    public async Task The_pos_list_refuses_an_expiry_window_beyond_ten_years()
    {
        var mark = _server.Logs.Mark();
        var response = await _server.Client().GetAsync("/api/v1/pos?certificateExpiresWithinDays=3000000");
        var problem = JsonNode.Parse(await fixture.AssertClientMistakeAsync(response, mark, "expiry window"))!;
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("certificateExpiresWithinDays", problem.ToJsonString());
    }

    [Theory]
    [InlineData("""{"stores":[{"storeId":"s-\ud800","name":"x","timeZone":"UTC"}]}""")]
    [InlineData("""{"stores":[{"storeId":"s-1","name":"\udfff","timeZone":"UTC"}]}""")]
    [InlineData("""{"stores":[{"\ud800":"x"}]}""")]
    [InlineData("""{"\ud800":[]}""")]
    public async Task A_lone_surrogate_escape_in_an_import_is_a_bad_request(string document)
    {
        var mark = _server.Logs.Mark();
        var response = await _server.Client().PostAsync("/api/v1/import", Json(document));
        await fixture.AssertClientMistakeAsync(response, mark, "lone surrogate import");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Theory]
    [InlineData("json")]
    [InlineData("csv")]
    [InlineData("json-not-objects")]
    public async Task An_import_of_100k_invalid_rows_answers_a_short_list_and_the_count(string shape)
    {
        var mark = _server.Logs.Mark();
        var document = new StringBuilder(shape == "csv" ? "type,id,name\n" : "{\"stores\":[");
        for (var i = 0; i < 100_000; i++)
        {
            if (shape == "csv") document.Append("store,bad id ").Append(i).Append(',').Append('n', 40).Append('\n');
            else if (shape == "json") document.Append(i == 0 ? "" : ",").Append("{\"storeId\":\"bad id ").Append(i).Append("\",\"name\":\"").Append('n', 40).Append("\"}");
            else document.Append(i == 0 ? "" : ",").Append(i);
        }
        if (shape != "csv") document.Append("]}");
        var response = await _server.Client().PostAsync("/api/v1/import",
            new StringContent(document.ToString(), Encoding.UTF8, shape == "csv" ? "text/csv" : "application/json"));
        var text = await fixture.AssertClientMistakeAsync(response, mark, "100k invalid rows");
        Assert.True(text.Length < 64 * 1024, $"The refusal is {text.Length} characters long.");
        var problem = JsonNode.Parse(text)!;
        Assert.Equal(100_000, problem["rowsWithErrors"]!.GetValue<int>());
        Assert.True(problem["errorCount"]!.GetValue<int>() >= 100_000);
        Assert.True(problem["rows"]!.AsArray().Count <= 100);
    }

    [Theory]
    [InlineData("/stores/Åkersberga")]
    [InlineData("/terminals?q=kassa-ÅÄÖ#x")]
    [InlineData("/\u00e9t\u00e9")]
    [InlineData("/a\u0001b")]
    public async Task Sign_in_with_a_non_ascii_return_url_redirects_to_it_encoded(string returnUrl)
    {
        var mark = _server.Logs.Mark();
        var cookies = new CookieContainer();
        using var browser = new HttpClient(new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            CookieContainer = cookies,
            SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true },
        }) { BaseAddress = _server.ApiBase };
        var page = $"/login?returnUrl={Uri.EscapeDataString(returnUrl)}";
        var form = await browser.GetStringAsync(page);
        var token = System.Text.RegularExpressions.Regex.Match(form, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
        Assert.False(string.IsNullOrEmpty(token), "The sign-in form has no antiforgery token.");
        var response = await browser.PostAsync(page, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login", ["__RequestVerificationToken"] = token,
            ["Input.UserName"] = "admin", ["Input.Password"] = HostileFixture.AdminPassword,
        }));
        Assert.True(response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Found or HttpStatusCode.SeeOther,
            $"Expected a redirect, got {(int)response.StatusCode}: {HostileFixture.Shorten(await response.Content.ReadAsStringAsync())} "
            + string.Join(" | ", _server.Logs.ErrorsSince(mark)));
        var location = response.Headers.Location!;
        Assert.True(location.OriginalString.All(c => c is > ' ' and < (char)0x7F), location.OriginalString);
        var target = new Uri(_server.ApiBase, location);
        Assert.Equal(_server.ApiBase.Authority, target.Authority);
        Assert.Equal(returnUrl.Split('#')[0], Uri.UnescapeDataString(target.PathAndQuery));
        fixture.AssertNoErrorLogged(mark, "sign-in returnUrl");
    }

    [Theory]
    [InlineData("PSK-AES128-CBC-SHA", new[] { "-psk", "0123456789abcdef" })]
    [InlineData("SRP-AES-128-CBC-SHA", new[] { "-srpuser", "someone", "-srppass", "pass:password" })]
    [InlineData("NULL-SHA", new string[0])]
    public async Task A_client_hello_with_no_cipher_in_common_logs_no_error(string cipher, string[] extra)
    {
        foreach (var port in new[] { _server.ApiPort, _server.DevicePort })
        {
            var mark = _server.Logs.Mark();
            var arguments = new List<string> { "s_client", "-connect", $"127.0.0.1:{port}", "-tls1_2", "-cipher", $"{cipher}:@SECLEVEL=0" };
            arguments.AddRange(extra);
            var (code, output) = await Task.Run(() => RunWithNoInput(arguments));
            Assert.True(code != 0, $"The handshake with {cipher} should fail: {output}");
            // The handshake failure is logged (if at all) below error level, after the connection ends.
            await Task.Delay(200);
            fixture.AssertNoErrorLogged(mark, $"ClientHello {cipher} on port {port}");
        }
    }

    [Theory]
    [InlineData("008C", false)]
    [InlineData("C01DC01E", false)]
    [InlineData("008CC01D", true)]
    public async Task A_bare_client_hello_with_only_psk_or_srp_suites_logs_no_error(string suites, bool withExtensions)
    {
        foreach (var port in new[] { _server.ApiPort, _server.DevicePort })
        {
            var mark = _server.Logs.Mark();
            using var tcp = new TcpClient();
            await tcp.ConnectAsync(IPAddress.Loopback, port);
            var stream = tcp.GetStream();
            await stream.WriteAsync(ClientHello(Convert.FromHexString(suites), withExtensions));
            var buffer = new byte[1024];
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            var read = 0;
            try
            {
                read = await stream.ReadAsync(buffer, timeout.Token);
            }
            catch (IOException)
            {
            }
            // A TLS alert record (content type 21), not a silent close.
            Assert.True(read >= 7 && buffer[0] == 21, $"Expected a TLS alert, read {Convert.ToHexString(buffer, 0, read)}");
            tcp.Close();
            await Task.Delay(200);
            fixture.AssertNoErrorLogged(mark, $"bare ClientHello {suites} on port {port}");
        }
    }

    /// <summary>A TLS 1.2 ClientHello offering exactly <paramref name="suites"/>, with (optionally)
    /// the extensions a real client sends, or none at all.</summary>
    private static byte[] ClientHello(byte[] suites, bool withExtensions)
    {
        var body = new List<byte> { 0x03, 0x03 };
        body.AddRange(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        body.Add(0);
        body.AddRange([(byte)(suites.Length >> 8), (byte)suites.Length]);
        body.AddRange(suites);
        body.AddRange([1, 0]);
        if (withExtensions)
        {
            byte[] extensions =
            [
                0x00, 0x0d, 0x00, 0x04, 0x00, 0x02, 0x04, 0x01, // signature_algorithms: rsa_pkcs1_sha256
                0x00, 0x0a, 0x00, 0x04, 0x00, 0x02, 0x00, 0x17, // supported_groups: secp256r1
            ];
            body.AddRange([(byte)(extensions.Length >> 8), (byte)extensions.Length]);
            body.AddRange(extensions);
        }
        var handshake = new List<byte> { 1, 0, (byte)(body.Count >> 8), (byte)body.Count };
        handshake.AddRange(body);
        var record = new List<byte> { 22, 0x03, 0x01, (byte)(handshake.Count >> 8), (byte)handshake.Count };
        record.AddRange(handshake);
        return record.ToArray();
    }

    private static (int, string) RunWithNoInput(List<string> arguments)
    {
        var start = new System.Diagnostics.ProcessStartInfo("openssl")
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        foreach (var a in arguments) start.ArgumentList.Add(a);
        using var process = System.Diagnostics.Process.Start(start)!;
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(30_000)) { process.Kill(); throw new TimeoutException("openssl s_client did not finish."); }
        return (process.ExitCode, output.Result + errors.Result);
    }

    [Fact]
    public async Task A_slow_body_on_the_order_n_pay_auth_gets_the_contract_shape_and_no_error()
    {
        var mark = _server.Logs.Mark();
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, _server.ApiPort);
        await using var tls = new SslStream(tcp.GetStream(), false, (_, _, _, _) => true);
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = "127.0.0.1", ApplicationProtocols = [SslApplicationProtocol.Http11] });
        await tls.WriteAsync(Encoding.ASCII.GetBytes(
            "POST /api/powerepos/v1/auth HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"Prov"));
        await tls.FlushAsync();
        // Kestrel's minimum body rate (240 B/s after a 5 s grace) ends the request; then the answer.
        var answer = new StringBuilder();
        var buffer = new byte[4096];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            int read;
            while ((read = await tls.ReadAsync(buffer, timeout.Token)) > 0)
            {
                answer.Append(Encoding.UTF8.GetString(buffer, 0, read));
                if (answer.ToString().Contains("\r\n\r\n") && answer.ToString().Contains('}')) break;
            }
        }
        catch (IOException)
        {
            // The server may close the connection right after its answer.
        }
        var text = answer.ToString();
        var statusLine = text.Split("\r\n")[0];
        Assert.True(statusLine.Contains(" 408 ") || statusLine.Contains(" 400 ") || text.Length == 0, text);
        Assert.DoesNotContain(" 5", statusLine);
        await Task.Delay(200);
        fixture.AssertNoErrorLogged(mark, "slow Order N Pay auth body");
    }
}
