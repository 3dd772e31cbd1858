using System.Text;
using System.Text.Json;
using Ranking.Core.Experiments;
using Ranking.Handlers.Feeds;
using Ranking.Handlers.Http;
using Ranking.Handlers.Impressions;
using Ranking.Handlers.Tests.Metrics;
using Ranking.Handlers.Models;
using Ranking.Handlers.Rank;
using Ranking.Handlers.Tests.Impressions;
using Ranking.Stores.Experiments;
using Ranking.Stores.Files;
using Ranking.Testing.Loopback;
using Ranking.Testing.Models;
using Ranking.Testing.Seams;

namespace Ranking.Handlers.Tests.Experiments;

/// <summary>
/// Experiments as a host serves them: the refresher reads the surface's experiment from a folder and loads its
/// variants' models, and the rank handler assigns, interleaves, tags and logs. The live model is the sample feed
/// model; the challenger, <c>feed-worse/1</c>, is trained on inverted labels over the same features.
/// </summary>
public sealed class ExperimentServingTests : IDisposable
{
    private static readonly Lazy<EmbeddedStore> s_store = new(() => EmbeddedStore.Load(Path.Combine(RepoRoot.Find(), "samples", "marketplace")));
    private static readonly DateTimeOffset s_now = new(2026, 11, 2, 0, 0, 0, TimeSpan.Zero);

    private readonly TestPackages _packages = new();
    private readonly string _models;
    private readonly string _experiments = Directory.CreateTempSubdirectory("ranking-experiments-").FullName;
    private readonly RecordingMetrics _metrics = new();
    private readonly RecordingSink _sink = new();
    private readonly List<string> _log = [];
    private readonly ModelCatalog _catalog = ModelCatalog.Pending(new Dictionary<string, string> { ["feed"] = "feed-ltr" });
    private readonly ModelRefresher _refresher;
    private readonly ImpressionLog _impressions;
    private readonly RankHandler _handler;

    public ExperimentServingTests()
    {
        _models = Path.GetDirectoryName(Path.GetDirectoryName(_packages.CopyOfSample("feed-ltr", "1"))!)!;
        _packages.WorseModel("feed-worse", "1", _models);
        _refresher = new ModelRefresher(_catalog, new FolderModelLocator(_models), _metrics.Instruments, TimeProvider.System, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60))
        {
            Experiments = new FolderExperimentStore(_experiments),
        };
        _impressions = new ImpressionLog(_sink, new ImpressionLogOptions(), () => 0, _metrics.Instruments);
        _handler = new RankHandler(_catalog, s_store.Value, s_store.Value, new RankingOptions(), new FixedTimeProvider(s_now), Randomizers.Midpoint, _metrics.Instruments, _impressions, _log.Add);
    }

    private FolderExperimentStore Store => new(_experiments);

    private static Experiment Definition(string mode, ExperimentGuardrail? guardrail = null, string treatment = "feed-worse:1") => new()
    {
        Id = "feed-dec",
        Surface = "feed",
        Mode = mode,
        Variants = [new() { Name = "control", Model = "live" }, new() { Name = "treatment", Model = treatment }],
        Guardrail = guardrail,
        StartedAt = s_now,
    };

    private async Task StartAsync(Experiment experiment)
    {
        Assert.True(await Store.TryStartAsync(experiment, CancellationToken.None));
        await _refresher.RefreshAsync(_log.Add, CancellationToken.None);
    }

    private async Task<JsonElement> RankAsync(string identity, int candidates = 30)
    {
        var items = string.Join(",", Enumerable.Range(1, candidates).Select(i => $"{{\"itemId\":\"i_{i}\"}}"));
        var response = await _handler.HandleAsync(new ApiRequest
        {
            Method = "POST",
            Path = "/v1/rank",
            ContentType = "application/json",
            RequestId = $"r-{identity}",
            Body = Encoding.UTF8.GetBytes($"{{\"surface\":\"feed\",{identity},\"candidates\":[{items}]}}"),
        }, CancellationToken.None);
        Assert.Equal(200, response.StatusCode);
        return JsonDocument.Parse(response.Body).RootElement;
    }

    private static string? Variant(JsonElement response) =>
        response.TryGetProperty("experiment", out var experiment) ? experiment.GetProperty("variant").GetString() : null;

    [Fact]
    public async Task AB_EachUserSeesTheVariantTheHashAssigns_ServedByItsModel_AndTheImpressionSaysSo()
    {
        var definition = Definition(ExperimentModes.AB);
        await StartAsync(definition);

        for (var u = 1; u <= 40; u++)
        {
            var response = await RankAsync($"\"userId\":\"u_{u}\"");
            var expected = definition.Variants[ExperimentAssignment.Variant(definition, $"u_{u}")];
            Assert.Equal(expected.Name, Variant(response));
            Assert.Equal(expected.IsLive ? "feed-ltr" : "feed-worse", response.GetProperty("model").GetProperty("name").GetString());
            Assert.Equal("ab", response.GetProperty("experiment").GetProperty("mode").GetString());
        }

        _impressions.WritePending();
        var records = _sink.All();
        Assert.Equal(40, records.Count);
        Assert.All(records, r => Assert.Equal("feed-dec", r.GetProperty("experiment").GetProperty("id").GetString()));
        Assert.All(records, r => Assert.Equal(
            r.GetProperty("experiment").GetProperty("variant").GetString() == "control" ? "feed-ltr" : "feed-worse",
            r.GetProperty("model").GetProperty("name").GetString()));
        Assert.Contains(records, r => r.GetProperty("experiment").GetProperty("variant").GetString() == "treatment");
    }

    [Fact]
    public async Task AB_AnAnonymousRequest_IsAssignedByItsSession_OrStaysOutWithoutOne()
    {
        var definition = Definition(ExperimentModes.AB);
        await StartAsync(definition);

        var outside = await RankAsync("\"query\":\"\"");
        var session = await RankAsync("\"sessionId\":\"s-42\"");

        Assert.False(outside.TryGetProperty("experiment", out _));
        Assert.Equal("feed-ltr", outside.GetProperty("model").GetProperty("name").GetString());
        Assert.Equal(definition.Variants[ExperimentAssignment.Variant(definition, "s-42")].Name, Variant(session));
        _impressions.WritePending();
        var records = _sink.All();
        Assert.False(records[0].TryGetProperty("sessionId", out _));
        Assert.Equal("s-42", records[1].GetProperty("sessionId").GetString());
    }

    [Fact]
    public async Task Interleave_MergesBothRankingsByTeamDraft_AndLogsEachItemsTeam()
    {
        await StartAsync(Definition(ExperimentModes.Interleave));

        var response = await RankAsync("\"userId\":\"u_7\"");

        Assert.Contains(Variant(response), new[] { "control", "treatment" });
        var teams = response.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("team").GetString()).ToList();
        Assert.InRange(teams.Count(t => t == "control") - teams.Count(t => t == "treatment"), -1, 1);
        var first = response.GetProperty("items")[0].GetProperty("team").GetString();
        Assert.Equal(Variant(response), first);

        _impressions.WritePending();
        var record = _sink.Single();
        Assert.Equal("interleave", record.GetProperty("experiment").GetProperty("mode").GetString());
        Assert.Equal(teams, record.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("team").GetString()));
    }

    [Fact]
    public async Task Interleave_OfModelsOnOtherFeatures_IsNotServed_CountedAndLogged()
    {
        // The sample search model: it loads, but scores 15 features where the feed model scores 14.
        var search = Directory.CreateDirectory(Path.Combine(_models, "search-ltr", "1")).FullName;
        foreach (var file in Directory.GetFiles(Path.Combine(RepoRoot.Find(), "samples", "models", "search-ltr", "1")))
        {
            File.Copy(file, Path.Combine(search, Path.GetFileName(file)));
        }

        await StartAsync(Definition(ExperimentModes.Interleave, treatment: "search-ltr:1"));
        var response = await RankAsync("\"userId\":\"u_7\"");

        Assert.False(response.TryGetProperty("experiment", out _));
        Assert.Equal(1, _metrics.Sum("ExperimentLoadFailures"));
        Assert.Contains(_log, m => m.StartsWith("experiment feed-dec on feed is not served: ", StringComparison.Ordinal) && m.Contains("take different features", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Experiment_NamingAMissingVersion_IsNotServed_AndIsNotRetriedUntilItChanges()
    {
        await StartAsync(Definition(ExperimentModes.AB, treatment: "feed-worse:9"));
        await _refresher.RefreshAsync(_log.Add, CancellationToken.None);

        Assert.Equal(1, _metrics.Sum("ExperimentLoadFailures"));
        Assert.Single(_log, m => m.Contains("a variant's model did not load", StringComparison.Ordinal));
        Assert.False((await RankAsync("\"userId\":\"u_1\"")).TryGetProperty("experiment", out _));
    }

    [Fact]
    public async Task Stop_TakesTheExperimentOutAtTheNextCheck()
    {
        await StartAsync(Definition(ExperimentModes.AB));
        Assert.NotNull(Variant(await RankAsync("\"userId\":\"u_1\"")));

        Assert.NotNull(await Store.StopAsync("feed", s_now.AddHours(1), CancellationToken.None));
        var retired = await _refresher.RefreshAsync(_log.Add, CancellationToken.None);

        Assert.Null(Variant(await RankAsync("\"userId\":\"u_1\"")));
        Assert.Equal("feed-worse", Assert.Single(retired).Name);
        Assert.Contains("feed: experiment feed-dec stopped; the live model serves every request", _log);
    }

    [Fact]
    public async Task Guardrail_StopsAVariantOverItsLatencyLimit_CountsAndLogsIt_AndItsUsersGetTheLiveModel()
    {
        // No ranking is this fast: the treatment trips at its 10th request (only treatment users are sent).
        var definition = Definition(ExperimentModes.AB, new ExperimentGuardrail { MaxP99Ms = 1e-6, Window = 10, MinRequests = 10 });
        await StartAsync(definition);
        var treatmentUsers = Enumerable.Range(1, 200).Select(u => $"u_{u}").Where(u => ExperimentAssignment.Variant(definition, u) == 1).Take(12).ToList();

        var variants = new List<string?>();
        foreach (var user in treatmentUsers)
        {
            variants.Add(Variant(await RankAsync($"\"userId\":\"{user}\"", candidates: 5)));
        }

        Assert.Equal(Enumerable.Repeat<string?>("treatment", 10).Concat([null, null]), variants);
        Assert.Equal(1, _metrics.Sum("ExperimentGuardrailTrips"));
        Assert.Single(_log, m => m.StartsWith("experiment feed-dec on feed: variant treatment stopped receiving traffic: p99 latency", StringComparison.Ordinal));
    }

    [Fact]
    public async Task FeedRerank_AB_StoresEachUsersFeedRankedByTheirVariant_AndTheImpressionSaysSo()
    {
        var definition = Definition(ExperimentModes.AB);
        await StartAsync(definition);
        var store = EmbeddedStore.Load(Path.Combine(RepoRoot.Find(), "samples", "marketplace"));
        var handler = new FeedRerankHandler(_catalog, store, store, store, new FixedTimeProvider(s_now), _metrics.Instruments, _impressions, _log.Add);

        var users = Enumerable.Range(1, 20).Select(u => $"u_{u}").ToList();
        foreach (var user in users)
        {
            var result = await handler.HandleAsync(new FeedRerankMessage { UserId = user, Surface = "feed", MessageId = $"m-{user}" }, CancellationToken.None);
            Assert.Equal(FeedRerankOutcome.Ranked, result.Outcome);
            var variant = definition.Variants[ExperimentAssignment.Variant(definition, user)];
            // The same variant, and model, as the user's Rank API requests get.
            Assert.Equal(variant.IsLive ? "feed-ltr" : "feed-worse", result.Feed!.ModelName);
        }

        _impressions.WritePending();
        var records = _sink.All();
        Assert.Equal(users.Count, records.Count);
        Assert.All(records, r => Assert.Equal(
            definition.Variants[ExperimentAssignment.Variant(definition, r.GetProperty("userId").GetString()!)].Name,
            r.GetProperty("experiment").GetProperty("variant").GetString()));
        Assert.Contains(records, r => r.GetProperty("experiment").GetProperty("variant").GetString() == "treatment");
        Assert.Contains(records, r => r.GetProperty("experiment").GetProperty("variant").GetString() == "control");
    }

    [Fact]
    public async Task FeedRerank_Interleave_StoresTheTeamDraftMerge_AndLogsEachItemsTeam()
    {
        await StartAsync(Definition(ExperimentModes.Interleave));
        var store = EmbeddedStore.Load(Path.Combine(RepoRoot.Find(), "samples", "marketplace"));
        var handler = new FeedRerankHandler(_catalog, store, store, store, new FixedTimeProvider(s_now), _metrics.Instruments, _impressions, _log.Add);

        var result = await handler.HandleAsync(new FeedRerankMessage { UserId = "u_3", Surface = "feed", MessageId = "m-1" }, CancellationToken.None);

        Assert.Equal(FeedRerankOutcome.Ranked, result.Outcome);
        _impressions.WritePending();
        var record = _sink.Single();
        Assert.Equal("interleave", record.GetProperty("experiment").GetProperty("mode").GetString());
        var items = record.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(result.Feed!.Ranked!.Select(r => r.ItemId), items.Select(i => i.GetProperty("itemId").GetString()));
        var teams = items.Select(i => i.GetProperty("team").GetString()).ToList();
        Assert.All(teams, t => Assert.Contains(t, new[] { "control", "treatment" }));
        // Team draft: every prefix of the merged list holds as many items of each team, give or take one.
        for (var k = 1; k <= teams.Count; k++)
        {
            Assert.InRange(teams.Take(k).Count(t => t == "control") - teams.Take(k).Count(t => t == "treatment"), -1, 1);
        }
    }

    public void Dispose()
    {
        _metrics.Dispose();
        _catalog.Dispose();
        _packages.Dispose();
        Directory.Delete(_experiments, recursive: true);
    }
}
