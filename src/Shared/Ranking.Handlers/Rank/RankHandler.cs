using System.Diagnostics;
using System.Runtime.CompilerServices;
using Ranking.Core.Data;
using Ranking.Core.Features;
using Ranking.Core.Ranking;
using Ranking.Handlers.Experiments;
using Ranking.Handlers.Http;
using Ranking.Handlers.Impressions;
using Ranking.Handlers.Metrics;
using Ranking.Handlers.Models;
using Ranking.Handlers.Monitoring;
using Ranking.Stores.Items;
using Ranking.Stores.Users;

namespace Ranking.Handlers.Rank;

/// <summary><c>POST /v1/rank</c>: the same code behind Kestrel locally and behind API Gateway in Lambda.</summary>
/// <param name="randomizer">Draws a value in [0, 1) per request to sample shadow comparisons; tests pin it.</param>
/// <param name="impressions">Logs sampled responses as impression records; null logs none.</param>
/// <param name="log">Where a tripped experiment guardrail is reported (besides its metric); null reports none.</param>
public sealed class RankHandler(
    ModelCatalog catalog,
    IItemStore items,
    IUserStore users,
    RankingOptions options,
    TimeProvider time,
    Func<double> randomizer,
    IRankingMetrics metrics,
    ImpressionLog? impressions = null,
    Action<string>? log = null)
{
    // Keyed by the model object: a model swapped out takes its monitor with it.
    private readonly ConditionalWeakTable<RankingModel, DriftHolder> _drift = [];

    public async ValueTask<ApiResponse> HandleAsync(ApiRequest request, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        if (JsonRequest.Reject(request, options.MaxBodyBytes) is { } rejection)
        {
            return Error(rejection, request.RequestId);
        }

        if (!RankRequestReader.TryRead(request.Body, options.MaxCandidates, out var rank, out var invalid))
        {
            return Error(invalid, request.RequestId);
        }

        if (!catalog.TryGet(rank.Surface, out var surface))
        {
            return Error(catalog.UnknownSurface(rank.Surface), request.RequestId);
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(options.Deadline);
        var (user, stored) = await FetchAsync(rank, surface.Surface, deadline.Token);
        var asOf = rank.Time ?? time.GetUtcNow();
        var input = new RankInput
        {
            Context = new FeatureContext { User = user, Query = rank.Query, Context = rank.Context, Now = asOf },
            Candidates = rank.Candidates,
            Items = stored,
            Limit = rank.Limit,
            Explain = rank.Explain,
            Exclude = rank.Exclude,
            Pins = rank.Pins,
        };

        var choice = surface.Experiment?.Choose(rank.UserId ?? rank.SessionId, request.RequestId, surface.Model) ?? new ExperimentChoice(surface.Model, null, null, -1);
        var impression = impressions?.Start(request.RequestId, asOf, surface.Surface, rank.UserId, rank.Query, rank.Context, choice.Model, experiment: choice.Tag, sessionId: rank.SessionId);
        // Drift is watched per model on what it ranks alone: an interleaved list holds two models' scores.
        var drift = choice.Interleaving is null && choice.Model is { } model ? Drift(surface.Surface, model) : null;
        var result = Ranker.Rank(input, choice.Model, surface.Rules, deadline.Token, ObserverPair.Of(impression, drift), choice.Interleaving);
        var totalMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        CompareInShadow(surface, result, input);
        metrics.RankServed(surface.Surface, result, rank.Candidates.Length, totalMs);
        metrics.RulesApplied(surface.Surface, result.Rules);
        GuardrailReport.Record(surface, choice, totalMs, result.Fallback is not null, metrics, log);
        return RankResponseWriter.Write(request.RequestId, surface.Surface, result, totalMs, choice.Model, choice.Tag);
    }

    /// <summary>The model's drift monitor, made on its first ranking; null when its package has no baseline.</summary>
    private DriftMonitor? Drift(string surface, RankingModel model) =>
        _drift.TryGetValue(model, out var holder) ? holder.Monitor : NewDrift(surface, model);

    /// <summary>Apart from <see cref="Drift"/>, so the closure over the surface is allocated on a model's first ranking only.</summary>
    private DriftMonitor? NewDrift(string surface, RankingModel model) =>
        _drift.GetValue(model, m => new DriftHolder(DriftMonitor.For(m, reading => metrics.DriftMeasured(surface, reading), options.DriftWindow))).Monitor;

    /// <summary>
    /// Champion/challenger on a sampled fraction of requests, after the response is decided so it cannot change it;
    /// a challenger that fails is counted, never surfaced.
    /// </summary>
    private void CompareInShadow(SurfaceModel surface, RankResult result, RankInput input)
    {
        if (surface.Shadow is not { } shadow || result.Model is not { } live || randomizer() >= shadow.Fraction)
        {
            return;
        }

        try
        {
            var (correlation, difference) = ShadowComparison.Compare(input, live, shadow.Challenger);
            metrics.ShadowCompared(surface.Surface, correlation, difference);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            metrics.ShadowFailed(surface.Surface);
        }
    }

    /// <summary>
    /// Reads the user and the items side by side. A store that fails or outlives the deadline does not fail the
    /// request: the features take their defaults, the failure is counted, and a spent deadline makes the ranker fall back.
    /// </summary>
    private async ValueTask<(UserRecord? User, ItemRecord?[] Items)> FetchAsync(RankRequest rank, string surface, CancellationToken deadline)
    {
        var ids = new string[rank.Candidates.Length];
        for (var i = 0; i < ids.Length; i++)
        {
            ids[i] = rank.Candidates[i].ItemId;
        }

        var userTask = rank.UserId is null ? ValueTask.FromResult<UserRecord?>(null) : users.GetUserAsync(rank.UserId, deadline);
        var itemsTask = items.GetItemsAsync(ids, deadline);
        UserRecord? user = null;
        ItemRecord?[]? found = null;
        try
        {
            user = await userTask;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            metrics.StoreFailed(surface);
        }

        try
        {
            found = await itemsTask;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            metrics.StoreFailed(surface);
        }

        return (user, found ?? new ItemRecord?[ids.Length]);
    }

    private ApiResponse Error(ApiError error, string requestId)
    {
        metrics.RankRejected(error.Code);
        return JsonBody.Error(error, requestId);
    }
}

/// <summary>A model's monitor, or none: the table caches the absence too, so a package without a baseline is looked at once.</summary>
internal sealed record DriftHolder(DriftMonitor? Monitor);
