using System.Diagnostics;
using System.Formats.Asn1;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;

namespace Fleet.Bench.Scenarios;

/// <summary>Issue 16's revocation figures. Enrols terminals (each enrolment issues a certificate:
/// the fastest public way to have many), then: revokes half the probe certificates one call at a
/// time (the revoke call with nothing revoked yet), revokes K in bulk store by store
/// (<c>POST /api/v1/stores/{id}/certificates/revoke</c>; where that route does not exist, the
/// per-terminal <c>/credential/revoke</c>), reads what the CRL's signing cost
/// (<c>GET /api/v1/ca/crl/status</c>), revokes the other probe half (the revoke call with K
/// revoked), and asks OCSP about revoked certificates, closed loop.</summary>
public sealed class RevocationScenario : IScenario
{
    private const int EnrolConcurrency = 8;
    private const int BulkConcurrency = 4;
    private static readonly string RevokeBody = """{"reason":"keyCompromise"}""";

    public string Name => "revocation";

    public async Task RunAsync(BenchContext c, CancellationToken ct)
    {
        var o = c.Options;
        var device = c.Fleet.DeviceAddress ?? throw new BenchFailure("Fleet's device listener address is unknown.");
        var probeStores = (o.RevocationProbes + BenchFleet.TerminalsPerStore - 1) / BenchFleet.TerminalsPerStore;
        var revoked = o.Revoked ?? (c.Estate.Stores - probeStores) * BenchFleet.TerminalsPerStore;
        var seedStores = (revoked + BenchFleet.TerminalsPerStore - 1) / BenchFleet.TerminalsPerStore;
        if (seedStores + probeStores > c.Estate.Stores)
            throw new BenchFailure($"--revoked {revoked} and {o.RevocationProbes} probes need {seedStores + probeStores} stores of 20; the estate has {c.Estate.Stores}.");

        using var api = c.Fleet.Client(EnrolConcurrency);
        using var devices = BenchClient.Create(device, null, EnrolConcurrency);
        var stores = new List<string>[seedStores + probeStores];
        string? issuingPem = null;
        var enrolClock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, stores.Length), new ParallelOptions { MaxDegreeOfParallelism = EnrolConcurrency, CancellationToken = ct },
            async (s, token) =>
            {
                // Probe stores are the estate's last ones, the bulk's its first.
                var store = BenchFleet.StoreId(s < seedStores ? s : c.Estate.Stores - probeStores + (s - seedStores));
                var (status, text) = await SendAsync(api, HttpMethod.Post, $"/api/v1/stores/{store}/enrolment-codes", null, o.RequestTimeout, token);
                Require(status == 200, $"enrolment codes for {store} → {status}: {text}");
                var serials = new List<string>();
                using var codes = JsonDocument.Parse(text);
                foreach (var code in codes.RootElement.GetProperty("codes").EnumerateArray())
                {
                    var body = JsonSerializer.Serialize(new { terminalId = code.GetProperty("terminalId").GetString(), enrolmentCode = code.GetProperty("enrolmentCode").GetString() });
                    var (enrolled, pem) = await SendAsync(devices, HttpMethod.Post, "/enrol", body, o.RequestTimeout, token);
                    Require(enrolled == 200, $"enrol {code.GetProperty("terminalId").GetString()} → {enrolled}: {pem}");
                    var blocks = pem.Split("-----BEGIN CERTIFICATE-----", StringSplitOptions.None);
                    using var leaf = X509Certificate2.CreateFromPem("-----BEGIN CERTIFICATE-----" + blocks[1]);
                    serials.Add(leaf.SerialNumber);
                    issuingPem ??= "-----BEGIN CERTIFICATE-----" + blocks[2];
                }
                stores[s] = serials;
            });
        var enrolledCount = stores.Sum(s => s.Count);
        c.Log($"revocation: enrolled {enrolledCount} terminals in {enrolClock.Elapsed.TotalSeconds:0.0} s");
        c.Report.Add("revocation", "enrolments (seeding, 8 at a time) /s", Report.Rate(enrolledCount / enrolClock.Elapsed.TotalSeconds), "–", "–",
            $"{enrolledCount:N0} terminal certificates");

        var probes = stores.Skip(seedStores).SelectMany(s => s).Take(o.RevocationProbes).ToArray();
        var atZero = probes[..(probes.Length / 2)];
        var atK = probes[(probes.Length / 2)..];
        var bulk = stores.Take(seedStores).SelectMany(s => s).Take(revoked).ToArray();

        // The revoke call, one at a time, with nothing revoked yet.
        var (zero, zeroBaseline) = await RevokeOneByOneAsync(c, atZero, ct);
        var before = await CrlStatusAsync(api, o.RequestTimeout, ct);

        // Bulk: a store at a time, BulkConcurrency stores in flight.
        var storeRoute = true;
        var bulkSettings = new LoadSettings(BulkConcurrency, TimeSpan.FromDays(1), o.RequestTimeout, TimeSpan.Zero, MaxRequests: seedStores);
        var storeIndex = -1;
        BenchRequest StoreRevoke() => Post($"/api/v1/stores/{BenchFleet.StoreId(Interlocked.Increment(ref storeIndex))}/certificates/revoke");
        var (probeStatus, _) = await SendAsync(api, HttpMethod.Post, $"/api/v1/stores/{Guid.NewGuid():N}/certificates/revoke", RevokeBody, o.RequestTimeout, ct);
        LoadResult fleetBulk;
        if (probeStatus is 404 or 405 && before is null)
        {
            // This Fleet has no store route (before issue 16): the per-terminal one, as a script would.
            storeRoute = false;
            var terminalIndex = -1;
            var terminals = Enumerable.Range(0, seedStores * BenchFleet.TerminalsPerStore).Take(revoked).ToArray();
            bulkSettings = bulkSettings with { MaxRequests = terminals.Length };
            fleetBulk = await new LoadGenerator(api).RunAsync(
                () => Post($"/api/v1/terminals/{BenchFleet.TerminalId(terminals[Interlocked.Increment(ref terminalIndex)])}/credential/revoke"), bulkSettings, ct);
        }
        else fleetBulk = await new LoadGenerator(api).RunAsync(StoreRevoke, bulkSettings, ct);
        var bulkEnded = Stopwatch.GetTimestamp();
        BenchContext.RequireClean("bulk revocation", fleetBulk);
        using var baselineClient = c.Baseline.Client(BulkConcurrency);
        var baselineBulk = await new LoadGenerator(baselineClient).RunAsync(() => Post("/api/v1/stores/x/certificates/revoke"), bulkSettings, ct);
        var bulkRate = bulk.Length / fleetBulk.Elapsed.TotalSeconds;
        var baselineRate = bulk.Length / baselineBulk.Elapsed.TotalSeconds;
        c.Log($"revocation: {bulk.Length} revoked in bulk in {fleetBulk.Elapsed.TotalSeconds:0.0} s = {bulkRate:0}/s");
        c.Report.Add("revocation", storeRoute ? $"bulk revocation, certificates/s (store route, {BulkConcurrency} stores at a time)"
                : $"bulk revocation, certificates/s (per-terminal route, {BulkConcurrency} at a time: no store route)",
            Report.Rate(bulkRate), Report.Rate(baselineRate), Report.Ratio(bulkRate, baselineRate),
            $"{bulk.Length:N0} certificates; baseline = the same number of requests answered by hello");

        // The CRL: wait for the signing that lists the bulk, then read what it cost.
        var expected = bulk.Length + atZero.Length;
        if (before is not null)
        {
            CrlStatus? after;
            while ((after = await CrlStatusAsync(api, o.RequestTimeout, ct))!.Entries < expected)
            {
                if (Stopwatch.GetElapsedTime(bulkEnded) > TimeSpan.FromSeconds(120))
                    throw new BenchFailure($"The CRL lists {after.Entries} entries 120 s after the bulk, expected {expected}.");
                await Task.Delay(100, ct);
            }
            var listedAfter = Stopwatch.GetElapsedTime(bulkEnded);
            c.Report.Add("revocation", $"CRL signing with {after.Entries:N0} entries (read + encode + sign)", $"{after.SigningMs:N0} ms", "–", "–",
                $"{after.SizeBytes / 1024.0:N0} KiB; {after.Number - before.Number} signing(s) for the whole bulk of {fleetBulk.Elapsed.TotalSeconds:0.0} s; "
                + $"listed {listedAfter.TotalSeconds:0.0} s after the last revoke answered");
        }
        else
        {
            var clock = Stopwatch.StartNew();
            var (status, _) = await SendAsync(api, HttpMethod.Get, "/api/v1/ca/crl", null, o.RequestTimeout, ct);
            c.Report.Add("revocation", "CRL signing", "–", "–", "–",
                $"no /api/v1/ca/crl/status: this Fleet re-signs the CRL inside every revoke; GET /api/v1/ca/crl → {status} in {clock.ElapsedMilliseconds} ms");
        }

        // The revoke call, one at a time, with K revoked.
        var (k, kBaseline) = await RevokeOneByOneAsync(c, atK, ct);
        foreach (var p in new[] { 50, 99 })
        {
            c.Report.Add("revocation", $"revoke call p{p}, 0 revoked", Report.Ms(zero.Latency.Percentile(p)), Report.Ms(zeroBaseline.Latency.Percentile(p)),
                Report.Ratio(zero.Latency.Percentile(p), zeroBaseline.Latency.Percentile(p)), $"{atZero.Length} calls, one at a time");
            c.Report.Add("revocation", $"revoke call p{p}, {expected:N0} revoked", Report.Ms(k.Latency.Percentile(p)), Report.Ms(kBaseline.Latency.Percentile(p)),
                Report.Ratio(k.Latency.Percentile(p), kBaseline.Latency.Percentile(p)),
                $"{atK.Length} calls; at {expected:N0} / at 0 = {k.Latency.Percentile(p).TotalMilliseconds / Math.Max(0.001, zero.Latency.Percentile(p).TotalMilliseconds):0.0#}");
        }

        // OCSP about revoked certificates, closed loop on the device listener.
        using var issuing = X509Certificate2.CreateFromPem(issuingPem!);
        var ocspRequests = bulk.Take(1000).Select(serial => OcspRequest(issuing, serial)).ToArray();
        var ocspIndex = -1L;
        BenchRequest Ocsp()
        {
            var der = ocspRequests[Interlocked.Increment(ref ocspIndex) % ocspRequests.Length];
            return new BenchRequest(HttpMethod.Post, "/ocsp", () => new ByteArrayContent(der) { Headers = { ContentType = new("application/ocsp-request") } });
        }
        var ocspSettings = c.Settings(o.ReadConcurrency, o.Duration);
        using var baselineOcsp = c.Baseline.Client(o.ReadConcurrency);
        var ocspBaseline = await new LoadGenerator(baselineOcsp).RunAsync(Ocsp, ocspSettings, ct);
        using var fleetOcsp = BenchClient.Create(device, null, o.ReadConcurrency);
        var ocsp = await new LoadGenerator(fleetOcsp).RunAsync(Ocsp, ocspSettings, ct);
        BenchContext.RequireClean("ocsp", ocsp, ocspBaseline);
        c.Log($"revocation: OCSP {ocsp.RequestsPerSecond:0} req/s, p99 {Report.Ms(ocsp.Latency.Percentile(99))}");
        foreach (var p in new[] { 50, 99 })
            c.Report.Add("revocation", $"OCSP p{p} (revoked serials, {o.ReadConcurrency} workers)", Report.Ms(ocsp.Latency.Percentile(p)),
                Report.Ms(ocspBaseline.Latency.Percentile(p)), Report.Ratio(ocsp.Latency.Percentile(p), ocspBaseline.Latency.Percentile(p)));
        c.Report.Add("revocation", "OCSP req/s", Report.Rate(ocsp.RequestsPerSecond), Report.Rate(ocspBaseline.RequestsPerSecond),
            Report.Ratio(ocsp.RequestsPerSecond, ocspBaseline.RequestsPerSecond));
    }

    /// <summary>Revokes each serial with its own call, one after the other, and sends the baseline as many.</summary>
    private static async Task<(LoadResult Fleet, LoadResult Baseline)> RevokeOneByOneAsync(BenchContext c, string[] serials, CancellationToken ct)
    {
        var settings = new LoadSettings(1, TimeSpan.FromDays(1), c.Options.RequestTimeout, TimeSpan.Zero, MaxRequests: serials.Length);
        var next = -1;
        var fleet = await c.RunAsync(c.Fleet, "revoke calls", () => Post($"/api/v1/certificates/{serials[Interlocked.Increment(ref next)]}/revoke"), settings, ct);
        BenchContext.RequireClean("revoke calls", fleet);
        var baseline = await c.RunAsync(c.Baseline, "revoke calls", () => Post($"/api/v1/certificates/{serials[0]}/revoke"), settings, ct);
        return (fleet, baseline);
    }

    private static BenchRequest Post(string path) =>
        new(HttpMethod.Post, path, () => new StringContent(RevokeBody, Encoding.UTF8, "application/json"));

    private sealed record CrlStatus(long Number, int Entries, double SigningMs, int SizeBytes);

    /// <summary>null when this Fleet has no such route (before issue 16).</summary>
    private static async Task<CrlStatus?> CrlStatusAsync(HttpClient api, TimeSpan timeout, CancellationToken ct)
    {
        var (status, text) = await SendAsync(api, HttpMethod.Get, "/api/v1/ca/crl/status", null, timeout, ct);
        if (status == 404) return null;
        Require(status == 200, $"GET /api/v1/ca/crl/status → {status}: {text}");
        using var json = JsonDocument.Parse(text);
        var root = json.RootElement;
        return new CrlStatus(root.GetProperty("crlNumber").GetInt64(), root.GetProperty("entries").GetInt32(),
            root.GetProperty("signingMs").GetDouble(), root.GetProperty("sizeBytes").GetInt32());
    }

    /// <summary>An RFC 6960 request for one serial of <paramref name="issuing"/> (SHA-1 CertID, as openssl sends).</summary>
    private static byte[] OcspRequest(X509Certificate2 issuing, string serialHex)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence()) // OCSPRequest
        using (writer.PushSequence()) // TBSRequest
        using (writer.PushSequence()) // requestList
        using (writer.PushSequence()) // Request
        using (writer.PushSequence()) // CertID
        {
            using (writer.PushSequence())
            {
                writer.WriteObjectIdentifier("1.3.14.3.2.26");
                writer.WriteNull();
            }
            writer.WriteOctetString(SHA1.HashData(issuing.SubjectName.RawData));
            writer.WriteOctetString(SHA1.HashData(issuing.PublicKey.EncodedKeyValue.RawData));
            writer.WriteInteger(System.Numerics.BigInteger.Parse("0" + serialHex, System.Globalization.NumberStyles.HexNumber));
        }
        return writer.Encode();
    }

    private static async Task<(int Status, string Text)> SendAsync(HttpClient client, HttpMethod method, string path, string? json, TimeSpan timeout, CancellationToken ct)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(timeout);
        using var request = new HttpRequestMessage(method, path);
        if (json is not null) request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        try
        {
            using var response = await client.SendAsync(request, deadline.Token);
            return ((int)response.StatusCode, await response.Content.ReadAsStringAsync(deadline.Token));
        }
        catch (Exception e) when (e is HttpRequestException || (e is OperationCanceledException && !ct.IsCancellationRequested))
        {
            throw new BenchFailure($"{method} {path}: {e.Message}");
        }
    }

    private static void Require(bool condition, string failure)
    {
        if (!condition) throw new BenchFailure(LoadGenerator.Shorten(failure));
    }
}
