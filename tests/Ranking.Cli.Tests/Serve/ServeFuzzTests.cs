using System.Globalization;
using System.Net.Http.Headers;
using Ranking.Testing.Fuzz;
using Xunit.Abstractions;

namespace Ranking.Cli.Tests.Serve;

/// <summary>
/// Thousands of malformed requests against a real serve: none may get a 5xx, and every answer has the documented
/// shape. Seeded (change <see cref="Seed"/> to explore; a failure names the request's kind and index).
/// </summary>
public sealed class ServeFuzzTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Seed = 20261202;
    private const int MaxBodyBytes = 64 * 1024;

    private ServerFixture _server = null!;

    public async Task InitializeAsync() => _server = await ServerFixture.StartAsync(RepoPaths.Models, maxBodyBytes: MaxBodyBytes);

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task MalformedBodies_NeverGet5xx_AndAlwaysGetTheDocumentedShape()
    {
        var requests = MalformedRequests.Generate(Seed, 2250, MaxBodyBytes).ToArray();
        var results = new (int Status, string? Problem)[requests.Length];

        await Parallel.ForAsync(0, requests.Length, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (i, cancellationToken) =>
        {
            using var content = new ByteArrayContent(requests[i].Body);
            content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/json");
            using var response = await _server.Client.PostAsync("/v1/rank", content, cancellationToken);
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            results[i] = ((int)response.StatusCode, ErrorShape.Problem((int)response.StatusCode, body));
        });

        output.WriteLine(string.Join(", ", results.GroupBy(r => r.Status).OrderBy(g => g.Key).Select(g => $"{g.Key}: {g.Count()}")));
        var failures = results.Select((r, i) => (r.Problem, requests[i].Kind, Index: i)).Where(r => r.Problem is not null).ToList();
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(10).Select(f => $"#{f.Index} {f.Kind}: {f.Problem}")));
        Assert.Contains(results, r => r.Status == 200);
        Assert.Contains(results, r => r.Status == 400);
        Assert.Contains(results, r => r.Status == 413);
    }

    [Fact]
    public async Task MalformedBodies_OnTheEventsRoute_NeverGet5xx_AndAlwaysGetTheDocumentedShape()
    {
        var requests = MalformedRequests.Generate(Seed, 900, MaxBodyBytes).ToArray();
        var results = new (int Status, string? Problem)[requests.Length];

        await Parallel.ForAsync(0, requests.Length, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (i, cancellationToken) =>
        {
            using var content = new ByteArrayContent(requests[i].Body);
            content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/json");
            using var response = await _server.Client.PostAsync("/v1/events", content, cancellationToken);
            results[i] = ((int)response.StatusCode, ErrorShape.Problem((int)response.StatusCode, await response.Content.ReadAsByteArrayAsync(cancellationToken)));
        });

        var failures = results.Select((r, i) => (r.Problem, requests[i].Kind, Index: i)).Where(r => r.Problem is not null).ToList();
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(10).Select(f => $"#{f.Index} {f.Kind}: {f.Problem}")));
        Assert.Contains(results, r => r.Status == 400);
        Assert.Contains(results, r => r.Status == 413);
    }

    [Fact]
    public async Task EventBatchesWithDamagedEvents_RefuseEachBadEventAlone_AndKeepTheGoodOnes()
    {
        var random = new Random(Seed);
        string[] junk = ["null", "7", "-1", "1e999", "true", "\"\"", "\"buy\"", "[]", "{}", "{\"a\":[1,{\"b\":null}]}", $"\"{new string('x', 300)}\"", "\"2026-13-40T99:00:00Z\""];
        string[] fields = ["type", "impressionId", "itemId", "userId", "time", "value", "extra"];
        for (var batch = 0; batch < 300; batch++)
        {
            var count = random.Next(1, 21);
            var damaged = new List<int>();
            var events = new List<string>();
            for (var e = 0; e < count; e++)
            {
                var values = new Dictionary<string, string>
                {
                    ["type"] = "\"click\"", ["impressionId"] = "\"r-1\"", ["itemId"] = $"\"i_{e}\"", ["userId"] = "\"u_1\"", ["time"] = "\"2026-11-01T12:00:00Z\"",
                };
                if (random.Next(3) == 0)
                {
                    values[fields[random.Next(fields.Length)]] = junk[random.Next(junk.Length)];
                    damaged.Add(e);
                }

                events.Add("{" + string.Join(",", values.Select(v => $"\"{v.Key}\":{v.Value}")) + "}");
            }

            var (status, body) = await _server.SendAsync(HttpMethod.Post, "/v1/events", $"{{\"events\":[{string.Join(",", events)}]}}");

            Assert.Equal(202, status);
            var rejected = body.GetProperty("rejected").EnumerateArray().ToList();
            Assert.Equal(count, body.GetProperty("accepted").GetInt32() + rejected.Count);
            // A damage may leave the event valid (a null optional field, a numeric value): never the other way round.
            Assert.All(rejected, r => Assert.Contains(r.GetProperty("index").GetInt32(), damaged));
            Assert.All(rejected, r => Assert.StartsWith($"events[{r.GetProperty("index").GetInt32()}]", r.GetProperty("message").GetString(), StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task DamagedPaths_OnTheReadRoutes_NeverGet5xx_AndAlwaysGetTheDocumentedAnswer()
    {
        // The routes a browser or a scraper reads (the dashboard, /metrics, the experiment report, health, the docs,
        // stored feeds), their paths and queries damaged, under each method: the contract-checking client fails the
        // test on any answer the document does not allow, a 5xx included.
        string[] paths = ["/", "/?every=250", "/metrics", "/v1/experiments/feed/report", "/v1/experiments/search/report", "/v1/health", "/docs", "/openapi.json", "/v1/feeds/u_1/feed"];
        HttpMethod[] methods = [HttpMethod.Get, HttpMethod.Get, HttpMethod.Get, HttpMethod.Post, HttpMethod.Put, HttpMethod.Delete];
        var random = new Random(Seed);
        var statuses = new List<int>();
        for (var i = 0; i < 600; i++)
        {
            var path = TextDamage.Apply(paths[random.Next(paths.Length)], random);
            // One leading slash: two would name a host ("//opejs" is a network-path reference).
            if (!Uri.TryCreate("/" + path.TrimStart('/'), UriKind.Relative, out var target))
            {
                continue;
            }

            var method = methods[random.Next(methods.Length)];
            using var request = new HttpRequestMessage(method, target);
            using var response = await _server.Client.SendAsync(request);
            statuses.Add((int)response.StatusCode);
            Assert.True((int)response.StatusCode < 500, $"#{i} {method} {path}: {(int)response.StatusCode}");
        }

        output.WriteLine(string.Join(", ", statuses.GroupBy(s => s).OrderBy(g => g.Key).Select(g => $"{g.Key}: {g.Count()}")));
        Assert.True(statuses.Count > 500, $"only {statuses.Count} damaged paths made a request");
        Assert.Contains(200, statuses);
        Assert.Contains(404, statuses);
        Assert.Contains(405, statuses);
        Assert.Equal(0, _server.Server.Metrics.Sum("Rejected_internal_error"));
    }

    [Fact]
    public async Task BrokenHttp_IsAnsweredAsTheClientsFault_InTheDocumentedShape()
    {
        var random = new Random(Seed);
        var cases = BrokenHttp(random).ToList();
        var statuses = new List<int>();

        foreach (var (name, request, close) in cases)
        {
            var answer = await RawHttp.SendAsync(_server.Server.Address, request, close);
            if (answer is not var (status, head, body))
            {
                // A client that closed its side mid-body has gone away: there is no one to answer, and that is no error.
                Assert.True(close, $"{name}: no answer");
                continue;
            }

            statuses.Add(status);
            Assert.True(ErrorShape.Problem(status, body) is null, $"{name}: {ErrorShape.Problem(status, body)}\n{head}");
            Assert.True(status is >= 400 and < 500, $"{name}: status {status}\n{head}");
        }

        output.WriteLine(string.Join(", ", statuses.GroupBy(s => s).OrderBy(g => g.Key).Select(g => $"{g.Key}: {g.Count()}")));
        Assert.Equal(0, _server.Server.Metrics.Sum("Rejected_internal_error"));
    }

    [Fact]
    public async Task SlowBody_Gets408InTheDocumentedShape()
    {
        using var client = new System.Net.Sockets.TcpClient();
        await client.ConnectAsync(_server.Server.Address.Host, _server.Server.Address.Port);
        var stream = client.GetStream();
        await stream.WriteAsync(RawHttp.Ascii("POST /v1/rank HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"));

        // Kestrel's minimum body rate (240 B/s after a 5 s grace period) ends a body that stops coming; the answer must be ours.
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var received = new MemoryStream();
        var buffer = new byte[4096];
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer, limit.Token)) > 0)
            {
                received.Write(buffer, 0, read);
            }
        }
        catch (IOException)
        {
            // Kestrel resets the connection after answering; what was answered has been read.
        }

        var text = System.Text.Encoding.ASCII.GetString(received.ToArray());
        Assert.StartsWith("HTTP/1.1 408", text, StringComparison.Ordinal);
        var bodyStart = text.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4;
        Assert.Null(ErrorShape.Problem(408, received.ToArray().AsSpan(bodyStart)));
    }

    /// <summary>Requests broken at the HTTP level: framing, chunking, targets and header limits.</summary>
    private static IEnumerable<(string Name, byte[] Request, bool Close)> BrokenHttp(Random random)
    {
        const string Body = "{\"surface\":\"feed\",\"candidates\":[{\"itemId\":\"i_1\"}]}";
        const string Head = "POST /v1/rank HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n";
        for (var i = 0; i < 8; i++)
        {
            var cut = random.Next(1, Body.Length - 1);
            yield return ($"short body {cut}", RawHttp.Ascii($"{Head}Content-Length: {Body.Length}\r\n\r\n{Body[..cut]}"), true);
            yield return ($"bad chunk size {i}", RawHttp.Ascii($"{Head}Transfer-Encoding: chunked\r\n\r\n{"zz" + i}\r\n{Body}\r\n0\r\n\r\n"), false);
            yield return ($"chunk longer than sent {i}", RawHttp.Ascii($"{Head}Transfer-Encoding: chunked\r\n\r\n{(Body.Length + 50).ToString("x", CultureInfo.InvariantCulture)}\r\n{Body}"), true);
            yield return ($"chunk without CRLF {i}", RawHttp.Ascii($"{Head}Transfer-Encoding: chunked\r\n\r\n{Body.Length.ToString("x", CultureInfo.InvariantCulture)}\r\n{Body}XX0\r\n\r\n"), false);
            yield return ($"chunked then cut {i}", RawHttp.Ascii($"{Head}Transfer-Encoding: chunked\r\n\r\n5\r\n{Body[..5]}\r\n"), true);
        }

        yield return ("NUL in the path", RawHttp.Ascii("POST /v1/rank%00 HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n"), false);
        yield return ("raw NUL in the path", [.. RawHttp.Ascii("GET /v1/he"), 0, .. RawHttp.Ascii("alth HTTP/1.1\r\nHost: x\r\n\r\n")], false);
        yield return ("POST *", RawHttp.Ascii("POST * HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n"), false);
        yield return ("huge header", RawHttp.Ascii($"GET /v1/health HTTP/1.1\r\nHost: x\r\nX-Big: {new string('a', 64 * 1024)}\r\n\r\n"), false);
        yield return ("many headers", RawHttp.Ascii($"GET /v1/health HTTP/1.1\r\nHost: x\r\n{string.Concat(Enumerable.Range(0, 200).Select(h => $"X-H{h}: {new string('b', 200)}\r\n"))}\r\n"), false);
        yield return ("long request line", RawHttp.Ascii($"GET /v1/{new string('p', 20_000)} HTTP/1.1\r\nHost: x\r\n\r\n"), false);
        yield return ("garbage request line", RawHttp.Ascii("\u0001\u0002 nonsense\r\n\r\n"), false);
        yield return ("space in target", RawHttp.Ascii("GET /v1/ health HTTP/1.1\r\nHost: x\r\n\r\n"), false);
        yield return ("no Host", RawHttp.Ascii("GET /v1/health HTTP/1.1\r\n\r\n"), false);
        yield return ("bad header line", RawHttp.Ascii("GET /v1/health HTTP/1.1\r\nHost: x\r\nno colon here\r\n\r\n"), false);
        yield return ("both lengths", RawHttp.Ascii($"{Head}Content-Length: 3\r\nContent-Length: 4\r\n\r\nabcd"), false);
        yield return ("negative length", RawHttp.Ascii($"{Head}Content-Length: -1\r\n\r\n"), false);
        yield return ("unknown transfer coding", RawHttp.Ascii($"{Head}Transfer-Encoding: gzip\r\n\r\n{Body}"), false);
        yield return ("declared body over the limit", RawHttp.Ascii($"{Head}Content-Length: {MaxBodyBytes + 10}\r\n\r\n{Body}"), false);
    }
}
