using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Ranking.Cli.Serve;
using Ranking.Cli.Training;
using Ranking.Core.Evaluation;
using Ranking.Core.Ranking;
using Ranking.Core.Validation;
using Ranking.Stores.Models;
using Ranking.Training.Data;
using Ranking.Training.Datasets;
using Ranking.Training.Marketplace;
using Ranking.Training.Packaging;
using Ranking.Training.Training;

namespace Ranking.Cli.Simulation;

/// <summary>
/// <c>ranking simulate</c>: the learning loop run end to end against synthetic users whose true tastes are known.
/// A real serve (the same handlers as the Lambda functions, on loopback, its clock the simulated day's) ranks each
/// visit; users react by the generator's click model; at the end of each day the logs go through dataset build,
/// training from logged features, the promotion gates and the hot swap, and the next day is served by whatever won.
/// </summary>
internal sealed partial class ClosedLoopSimulator : IAsyncDisposable
{
    public const string Plain = "plain";
    public const string Debiased = "debiased";

    /// <summary>serve's own gates: the simulator judges candidates with what serve will apply to them.</summary>
    private static readonly ValidationOptions s_gates = new ServeOptions().Gates;

    private readonly SimulationOptions _options;
    private readonly ISimulatedServe _serve;
    private readonly HttpClient _http;
    private readonly SyntheticShoppers _shoppers;
    private readonly LambdaMartOptions _training;
    private readonly Dictionary<string, int> _nextVersion = SimulationOptions.Surfaces.ToDictionary(s => s, _ => 2, StringComparer.Ordinal);

    /// <summary>Each logged impression's true relevance by shown position (1-based, as logged), to grade models on held-out logs.</summary>
    private readonly Dictionary<(string ImpressionId, int Position), float> _truth = [];

    /// <summary>The first simulated day's midnight.</summary>
    private readonly DateTimeOffset _start;

    /// <summary>When the next request happens: requests are spread evenly over each simulated day.</summary>
    private DateTimeOffset _next;

    /// <summary>Rankings serve has answered: the impression records the logs must hold before a dataset is built.</summary>
    private long _answered;

    private ClosedLoopSimulator(SimulationOptions options, ISimulatedServe serve, MarketplaceSample sample)
    {
        _options = options;
        _serve = serve;
        _shoppers = new SyntheticShoppers(sample, options.Seed);
        _training = Training(options);
        _start = _next = sample.Options.ReferenceTime;
        _http = new HttpClient { BaseAddress = serve.Address, Timeout = TimeSpan.FromSeconds(30) };
    }

    private string Path(params string[] parts) => System.IO.Path.Combine([_options.Out, .. parts]);

    private static string ModelName(string surface) => $"{surface}-ltr";

    private static LambdaMartOptions Training(SimulationOptions options) => new() { Trees = options.Trees, EarlyStoppingRounds = 50, Seed = options.Seed };

    private static MarketplaceSample Sample(SimulationOptions options) =>
        SampleGenerator.Generate(new SampleGeneratorOptions { Seed = options.Seed, Users = options.Users });

    /// <summary>What every simulation starts from: the generated marketplace in <c>OUT/data</c> and the popularity models as version 1 in <c>OUT/models</c>.</summary>
    public static MarketplaceSample Prepare(SimulationOptions options)
    {
        var sample = Sample(options);
        var data = System.IO.Path.Combine(options.Out, "data");
        SampleGenerator.Write(sample, data, logs: false);
        foreach (var surface in SimulationOptions.Surfaces)
        {
            var directory = System.IO.Path.Combine(options.Out, "models", ModelName(surface), "1");
            PopularityModel.Write(data, surface, ModelName(surface), directory, Training(options), sample.Options.ReferenceTime);
        }

        return sample;
    }

    /// <summary>Prepares <see cref="SimulationOptions.Out"/> and starts serve over it in this process.</summary>
    public static async Task<ClosedLoopSimulator> StartAsync(SimulationOptions options, CancellationToken cancellationToken)
    {
        var sample = Prepare(options);
        var serve = await InProcessServe.StartAsync(options, sample.Options.ReferenceTime, cancellationToken);
        return new ClosedLoopSimulator(options, serve, sample);
    }

    /// <summary>Drives a serve already running over a folder <see cref="Prepare"/> wrote with the same seed and users.</summary>
    /// <exception cref="InvalidDataException">The folder was not prepared with these options, or already holds a run's logs; the message says which.</exception>
    public static async Task<ClosedLoopSimulator> ConnectAsync(SimulationOptions options, Uri url, CancellationToken cancellationToken)
    {
        var sample = Sample(options);
        var data = System.IO.Path.Combine(options.Out, "data");
        var expected = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"ranking-simulate-{Guid.NewGuid():N}");
        try
        {
            SampleGenerator.Write(sample, expected, logs: false);
            foreach (var file in new[] { SampleGenerator.ItemsFile, SampleGenerator.UsersFile })
            {
                var path = System.IO.Path.Combine(data, file);
                if (!File.Exists(path))
                {
                    throw new InvalidDataException($"{path} is missing: prepare the folder first (ranking simulate --prepare --out {options.Out})");
                }

                if (!File.ReadAllBytes(path).AsSpan().SequenceEqual(File.ReadAllBytes(System.IO.Path.Combine(expected, file))))
                {
                    throw new InvalidDataException($"{path} was generated with another --seed or --users than {options.Seed} and {options.Users}: give the ones --prepare was given");
                }
            }
        }
        finally
        {
            Directory.Delete(expected, recursive: true);
        }

        var impressions = System.IO.Path.Combine(options.Out, "logs", "impressions");
        if (Directory.Exists(impressions) && Directory.EnumerateFiles(impressions, "*", SearchOption.AllDirectories).Any())
        {
            throw new InvalidDataException($"{impressions} already holds logs: the days would train on an earlier run's. Prepare a new folder.");
        }

        var serve = new RemoteServe(url, System.IO.Path.Combine(options.Out, "logs"), TimeSpan.FromSeconds(options.WaitSeconds));
        try
        {
            foreach (var surface in SimulationOptions.Surfaces)
            {
                if (await serve.LiveVersionAsync(surface, cancellationToken) is not "1" and var version)
                {
                    throw new InvalidDataException($"{url} serves {surface} version {version ?? "none"}, not the prepared popularity model (1): start serve with --models {System.IO.Path.Combine(options.Out, "models")}");
                }
            }

            return new ClosedLoopSimulator(options, serve, sample);
        }
        catch
        {
            await serve.DisposeAsync();
            throw;
        }
    }

    public async Task<SimulationResult> RunAsync(Action<SurfaceDay> dayDone, CancellationToken cancellationToken)
    {
        var days = new List<SurfaceDay>();
        for (var day = 1; day <= _options.Days; day++)
        {
            days.AddRange(await RunDayAsync(day, dayDone, cancellationToken));
        }

        var (experiments, skipped) = await RunExperimentsAsync(cancellationToken);
        return new SimulationResult(_options, s_gates.QualityTolerance, days, experiments, skipped);
    }

    private async Task<List<SurfaceDay>> RunDayAsync(int day, Action<SurfaceDay> dayDone, CancellationToken cancellationToken)
    {
        // Each day starts at its midnight: the request steps' rounding never carries a day's traffic into the next.
        _next = _start.AddDays(day - 1);
        var date = DateOnly.FromDateTime(_next.UtcDateTime);
        var tallies = SimulationOptions.Surfaces.ToDictionary(s => s, _ => new DayTally(), StringComparer.Ordinal);
        var live = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var surface in SimulationOptions.Surfaces)
        {
            live[surface] = await _serve.LiveVersionAsync(surface, cancellationToken);
        }

        for (var i = 0; i < _options.RequestsPerDay; i++)
        {
            var surface = SimulationOptions.Surfaces[i % SimulationOptions.Surfaces.Length];
            if (await ServeAsync(surface, cancellationToken) is { } served)
            {
                tallies[surface].Add(served);
            }
        }

        await _serve.SettleLogsAsync(_answered, cancellationToken);
        var retrained = SimulationOptions.Surfaces.ToDictionary(s => s, s => Retrain(s, day, live[s]), StringComparer.Ordinal);
        var submitted = retrained.Where(r => r.Value.Submitted is not null).ToDictionary(r => r.Key, r => r.Value.Submitted!, StringComparer.Ordinal);
        await _serve.CheckModelsAsync(submitted, cancellationToken);
        var results = new List<SurfaceDay>();
        foreach (var surface in SimulationOptions.Surfaces)
        {
            var tally = tallies[surface];
            var (candidates, problem, _) = retrained[surface];
            var result = new SurfaceDay(
                day, date, surface, live[surface] ?? "none", tally.Impressions, tally.Mean(tally.TrueNdcg), tally.Mean(tally.Clicked), tally.Mean(tally.Purchases), tally.Fallbacks,
                candidates, problem, await _serve.LiveVersionAsync(surface, cancellationToken) ?? "none");
            dayDone(result);
            results.Add(result);
        }

        return results;
    }

    /// <summary>One visit: the ranking serve gives, the user's reaction sent as events, and the ranking's true NDCG@10.</summary>
    /// <returns>Null when retrieval found nothing to rank for the visit.</returns>
    private async Task<Served?> ServeAsync(string surface, CancellationToken cancellationToken)
    {
        var at = _next;
        _next = at.AddSeconds(86400.0 / _options.RequestsPerDay);
        _serve.SetTime(at);
        var visit = _shoppers.Visit(surface, at);
        if (visit.Candidates.Count == 0)
        {
            return null;
        }

        using var document = await PostAsync("/v1/rank", RankBody(visit, at), cancellationToken);
        _answered++;
        var (impressionId, shown, removed, experimentId, variant, fallback) = ReadRanking(document.RootElement);

        var reaction = _shoppers.React(visit, shown);
        if (reaction.Clicks.Count > 0)
        {
            using var answer = await PostAsync("/v1/events", EventsBody(visit, impressionId, shown, reaction, at), cancellationToken);
            if (answer.RootElement.GetProperty("rejected").GetArrayLength() > 0)
            {
                throw new InvalidDataException($"serve refused events of impression {impressionId}: {answer.RootElement.GetProperty("rejected")}");
            }
        }

        // Graded against every candidate the user could have been shown (all but those the rules removed).
        var eligible = visit.Candidates.Where(id => !removed.Contains(id)).ToList();
        var relevance = _shoppers.Relevance(visit, eligible);
        var rank = shown.Select((id, k) => (id, k)).ToDictionary(p => p.id, p => p.k, StringComparer.Ordinal);
        var labels = new float[eligible.Count];
        var scores = new float[eligible.Count];
        var shownRelevance = new float[shown.Count];
        for (var i = 0; i < eligible.Count; i++)
        {
            labels[i] = (float)relevance[i];
            if (rank.TryGetValue(eligible[i], out var k))
            {
                scores[i] = shown.Count - k;
                shownRelevance[k] = labels[i];
            }
            else
            {
                scores[i] = -1;
            }
        }

        for (var k = 0; k < shownRelevance.Length; k++)
        {
            _truth[(impressionId, k + 1)] = shownRelevance[k];
        }

        return new Served(impressionId, experimentId, variant, RankingEvaluator.Ndcg(labels, scores, 10), reaction.Clicks.Count > 0, reaction.Purchases.Count, fallback);
    }

    /// <exception cref="InvalidDataException">The answer is not a Rank API response (another server at --url).</exception>
    private static (string ImpressionId, List<string> Shown, HashSet<string> Removed, string? ExperimentId, string? Variant, bool Fallback) ReadRanking(JsonElement response)
    {
        try
        {
            var shown = response.GetProperty("items").EnumerateArray().Select(static item => item.GetProperty("itemId").GetString()!).ToList();
            var removed = response.GetProperty("removed").EnumerateArray().Select(static item => item.GetProperty("itemId").GetString()!).ToHashSet(StringComparer.Ordinal);
            var tagged = response.TryGetProperty("experiment", out var experiment) && experiment.ValueKind == JsonValueKind.Object;
            return (
                response.GetProperty("requestId").GetString()!,
                shown,
                removed,
                tagged ? experiment.GetProperty("id").GetString() : null,
                tagged ? experiment.GetProperty("variant").GetString() : null,
                response.GetProperty("fallback").ValueKind != JsonValueKind.Null);
        }
        catch (Exception e) when (e is KeyNotFoundException or InvalidOperationException)
        {
            throw new InvalidDataException($"not a Rank API response ({e.Message}): {response.GetRawText()[..Math.Min(200, response.GetRawText().Length)]}", e);
        }
    }

    private byte[] RankBody(SyntheticVisit visit, DateTimeOffset at) => Json(writer =>
    {
        writer.WriteStartObject();
        writer.WriteString("surface", visit.Surface);
        writer.WriteString("userId", visit.UserId);
        if (visit.Query is { } query)
        {
            writer.WriteString("query", query);
        }

        writer.WriteStartObject("context");
        writer.WriteString("platform", visit.Platform);
        writer.WriteEndObject();
        writer.WriteStartArray("candidates");
        foreach (var id in visit.Candidates)
        {
            writer.WriteStartObject();
            writer.WriteString("itemId", id);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteNumber("limit", _options.PageSize);
        writer.WriteString("time", at);
        writer.WriteEndObject();
    });

    /// <summary>A click a few seconds per position after the ranking, a purchase a minute after its click.</summary>
    private byte[] EventsBody(SyntheticVisit visit, string impressionId, List<string> shown, SyntheticReaction reaction, DateTimeOffset at) => Json(writer =>
    {
        writer.WriteStartObject();
        writer.WriteStartArray("events");
        foreach (var k in reaction.Clicks)
        {
            WriteEvent(writer, "click", impressionId, shown[k], visit.UserId, at.AddSeconds(5 * (k + 1)), null);
        }

        foreach (var k in reaction.Purchases)
        {
            WriteEvent(writer, "purchase", impressionId, shown[k], visit.UserId, at.AddSeconds((5 * (k + 1)) + 60), _shoppers.Price(shown[k]));
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    });

    private static void WriteEvent(Utf8JsonWriter writer, string type, string impressionId, string itemId, string userId, DateTimeOffset time, double? value)
    {
        writer.WriteStartObject();
        writer.WriteString("type", type);
        writer.WriteString("impressionId", impressionId);
        writer.WriteString("itemId", itemId);
        writer.WriteString("userId", userId);
        writer.WriteString("time", time);
        if (value is { } price)
        {
            writer.WriteNumber("value", price);
        }

        writer.WriteEndObject();
    }

    private static byte[] Json(Action<Utf8JsonWriter> write)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(4096);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer);
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <exception cref="InvalidDataException">serve refused or failed the request (a serve over other data than the simulation's, or a bug): the run stops, naming the answer.</exception>
    private async Task<JsonDocument> PostAsync(string path, byte[] body, CancellationToken cancellationToken)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        string text;
        try
        {
            using var response = await _http.PostAsync(path, content, cancellationToken);
            text = await response.Content.ReadAsStringAsync(cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidDataException($"serve answered {path} with {(int)response.StatusCode}: {text}");
            }
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"{_http.BaseAddress} did not answer {path} within {_http.Timeout.TotalSeconds:F0} s", e);
        }

        return JsonDocument.Parse(text);
    }

    /// <summary>
    /// End of day: the labelled dataset from every day's logs so far, a plain and a position-debiased candidate
    /// trained from it, both judged by the gates and by the truth on the same held-out impressions, and the chosen
    /// one put in the models folder, where serve's gates decide whether it goes live.
    /// </summary>
    /// <param name="liveVersion">The version that served the day, which the gates compare the candidates with.</param>
    /// <returns>The candidates' verdicts and the version submitted to serve, or why none was trained.</returns>
    private (IReadOnlyList<CandidateVerdict> Candidates, string? Problem, string? Submitted) Retrain(string surface, int day, string? liveVersion)
    {
        var dataset = Path("datasets", $"{surface}.parquet");
        TrainingInputs inputs;
        try
        {
            DatasetBuilder.Build(new DatasetBuildOptions { LogsDirectory = Path("logs"), Surface = surface, Output = dataset });
            inputs = TrainingInputs.FromLogged(dataset, surface, null);
        }
        catch (InvalidDataException e)
        {
            return ([], e.Message, null);
        }

        var name = ModelName(surface);
        var version = _nextVersion[surface]++.ToString(CultureInfo.InvariantCulture);
        using var live = liveVersion is null ? null : ModelDirectory.Load(Path("models"), name, liveVersion);
        var verdicts = new List<CandidateVerdict>();
        foreach (var debias in new[] { false, true })
        {
            var model = LambdaMartTrainer.Train(inputs.Train, inputs.Valid, _training with { PositionDebias = debias });
            var directory = Path("candidates", $"day-{day:00}", debias ? Debiased : Plain, name, version);
            ModelPackageWriter.Write(
                ModelPackageRequest.For(name, version, inputs.Features, model, inputs.Format, surface, (inputs.Train, inputs.Valid, inputs.Holdout), null, _next),
                directory);
            var submitted = debias == _options.PositionDebias;
            verdicts.Add(Judge(directory, debias ? Debiased : Plain, version, submitted, live, inputs.Holdout));
            if (submitted)
            {
                Publish(directory, name, version);
            }
        }

        return (verdicts, null, version);
    }

    private CandidateVerdict Judge(string directory, string training, string version, bool submitted, RankingModel? live, RankingDataset holdout)
    {
        var files = ModelDirectory.Read(directory);
        var report = ModelValidator.Validate(files.Manifest, files.Onnx, files.Holdout, isNewVersion: true, live, s_gates, files.TrainerModel);
        try
        {
            var quality = report.Gates.FirstOrDefault(g => g.Gate == "quality");
            var gates = report.Failure is { } failure ? $"{failure.Gate} failed: {failure.Detail}" : $"passed; quality: {quality?.Detail}";
            var truth = TruthRelevance.Of(holdout, _truth);
            var candidateScores = report.Model is { } candidate ? Score(candidate, holdout) : null;
            var liveScores = live is null ? null : Score(live, holdout);
            return new CandidateVerdict(
                training,
                version,
                submitted,
                report.Failure is null,
                quality?.Passed,
                gates,
                holdout.QueryCount,
                Ndcg10(holdout.Labels, candidateScores, holdout),
                Ndcg10(holdout.Labels, liveScores, holdout),
                Ndcg10(truth, candidateScores, holdout),
                Ndcg10(truth, liveScores, holdout));
        }
        finally
        {
            report.Model?.Dispose();
        }
    }

    private static double Ndcg10(float[] labels, float[]? scores, RankingDataset rows) =>
        scores is null ? double.NaN : RankingEvaluator.Evaluate(labels, scores, rows.GroupSizes).Ndcg10;

    /// <exception cref="InvalidOperationException">The model takes other features than the rows have: models of a surface here always share the feature file.</exception>
    private static float[] Score(RankingModel model, RankingDataset rows)
    {
        if (!model.Manifest.Features.Select(f => f.Name).SequenceEqual(rows.FeatureNames))
        {
            throw new InvalidOperationException($"{model.Name} {model.Version} takes other features than the logged rows");
        }

        var scores = new float[rows.RowCount];
        model.Scorer.Score(rows.Features, rows.RowCount, scores);
        return scores;
    }

    /// <summary>Copies the package into the models folder whole: staged beside it, then moved in, so a serve polling the folder never reads half of it.</summary>
    private void Publish(string package, string name, string version)
    {
        var staging = Path("staging", $"{name}-{version}");
        Directory.CreateDirectory(staging);
        foreach (var file in Directory.EnumerateFiles(package))
        {
            File.Copy(file, System.IO.Path.Combine(staging, System.IO.Path.GetFileName(file)), overwrite: true);
        }

        Directory.CreateDirectory(Path("models", name));
        Directory.Move(staging, Path("models", name, version));
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _serve.DisposeAsync();
    }

    private sealed record Served(string ImpressionId, string? ExperimentId, string? Variant, double TrueNdcg10, bool Clicked, int Purchases, bool Fallback);

    private sealed class DayTally
    {
        public int Impressions;
        public int Fallbacks;
        public double TrueNdcg;
        public double Clicked;
        public double Purchases;

        public void Add(Served served)
        {
            Impressions++;
            Fallbacks += served.Fallback ? 1 : 0;
            TrueNdcg += served.TrueNdcg10;
            Clicked += served.Clicked ? 1 : 0;
            Purchases += served.Purchases;
        }

        public double Mean(double sum) => Impressions == 0 ? double.NaN : sum / Impressions;
    }
}
