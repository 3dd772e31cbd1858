using Ranking.Core.Data;
using Ranking.Core.Features;
using Ranking.Core.Ranking;
using Ranking.Handlers.Experiments;
using Ranking.Handlers.Impressions;
using Ranking.Handlers.Metrics;
using Ranking.Handlers.Models;
using Ranking.Stores.Feeds;
using Ranking.Stores.Items;
using Ranking.Stores.Users;

namespace Ranking.Handlers.Feeds;

/// <summary>
/// Re-ranks one user's stored feed with the surface's model and writes it back, conditional on the candidates'
/// version. Idempotent: the same message gives the same ranking, and identical inline candidates do not bump
/// the version. The SQS function and the local <c>/v1/feeds/.../rerank</c> endpoint both run this.
/// </summary>
/// <remarks>
/// Under an experiment on the surface the user's stored feed is ranked as their Rank API requests are: by their
/// variant's model (A/B), or by the team-draft merge (interleaving), and the impression record says so.
/// </remarks>
/// <param name="impressions">Logs each stored ranking as an impression record; null logs none.</param>
/// <param name="log">Where a tripped experiment guardrail is reported (besides its metric); null reports none.</param>
public sealed class FeedRerankHandler(
    ModelCatalog catalog,
    IItemStore items,
    IUserStore users,
    IFeedStore feeds,
    TimeProvider time,
    IRankingMetrics metrics,
    ImpressionLog? impressions = null,
    Action<string>? log = null)
{
    /// <summary>Feed impression ids start with this, so they never collide with a Rank API request id.</summary>
    public const string ImpressionIdPrefix = "feed-";

    /// <summary>
    /// Processes a message. Store failures propagate (the message is retried); a message that can never succeed
    /// (unknown surface, no model to rank with) comes back <see cref="FeedRerankOutcome.Failed"/> with its reason.
    /// </summary>
    public async ValueTask<FeedRerankResult> HandleAsync(FeedRerankMessage message, CancellationToken cancellationToken)
    {
        var result = await ProcessAsync(message, cancellationToken);
        metrics.FeedProcessed(message.Surface, result.Outcome);
        return result;
    }

    private async ValueTask<FeedRerankResult> ProcessAsync(FeedRerankMessage message, CancellationToken cancellationToken)
    {
        if (!catalog.TryGet(message.Surface, out var surface))
        {
            return new FeedRerankResult(FeedRerankOutcome.Failed, null, $"surface '{message.Surface}' is not configured");
        }

        // Without a model a re-rank would overwrite a good stored ranking with input order: fail and retry later.
        if (surface.Model is not { } model)
        {
            return new FeedRerankResult(FeedRerankOutcome.Failed, null, $"model '{surface.ModelName}' is unavailable: {surface.Unavailable}");
        }

        var feed = await CurrentFeedAsync(message, cancellationToken);
        if (feed is null || feed.Candidates.Count == 0)
        {
            return new FeedRerankResult(FeedRerankOutcome.Empty, feed);
        }

        // The guardrail's latency, as the Rank API's: the store reads and the ranking.
        var started = time.GetTimestamp();
        var candidates = message.Candidates ?? [.. feed.Candidates.Select(id => new Candidate(id))];
        var userTask = users.GetUserAsync(message.UserId, cancellationToken);
        var stored = await items.GetItemsAsync([.. candidates.Select(c => c.ItemId)], cancellationToken);
        var user = await userTask;
        var asOf = message.SentAt ?? time.GetUtcNow();
        var input = new RankInput
        {
            Context = new FeatureContext { User = user, Now = asOf },
            Candidates = candidates,
            Items = stored,
        };

        var impressionId = ImpressionIdPrefix + (message.MessageId ?? Guid.NewGuid().ToString("N"));
        var choice = surface.Experiment?.Choose(message.UserId, impressionId, model) ?? new ExperimentChoice(model, null, null, -1);
        // Held: only a ranking that is stored is shown, and so logged.
        var impression = impressions?.Start(impressionId, asOf, surface.Surface, message.UserId, null, null, choice.Model, experiment: choice.Tag, hold: true);
        var shown = false;
        try
        {
            var result = await RankAndStoreAsync(feed, input, choice.Model ?? model, choice, surface, impressionId, impression, started, cancellationToken);
            shown = result.Outcome == FeedRerankOutcome.Ranked;
            return result;
        }
        finally
        {
            if (shown)
            {
                impressions?.Commit(impression);
            }
            else
            {
                impressions?.Discard(impression);
            }
        }
    }

    private async ValueTask<FeedRerankResult> RankAndStoreAsync(
        FeedRecord feed, RankInput input, RankingModel model, ExperimentChoice choice, SurfaceModel surface, string impressionId, IRankingObserver? impression,
        long started, CancellationToken cancellationToken)
    {
        var ranking = Ranker.Rank(input, model, surface.Rules, cancellationToken, impression, choice.Interleaving);
        metrics.RulesApplied(surface.Surface, ranking.Rules);
        GuardrailReport.Record(surface, choice, time.GetElapsedTime(started).TotalMilliseconds, ranking.Fallback is not null, metrics, log);

        if (ranking.Fallback is { } reason)
        {
            return new FeedRerankResult(FeedRerankOutcome.Failed, feed, $"ranking fell back ({reason}); the stored feed was left as it was");
        }

        var ranked = new FeedRecord
        {
            UserId = feed.UserId,
            Surface = feed.Surface,
            Candidates = feed.Candidates,
            CandidatesVersion = feed.CandidatesVersion,
            Ranked = [.. ranking.Items.Select(i => (i.ItemId, (double)i.Score))],
            RankedFromVersion = feed.CandidatesVersion,
            ModelName = model.Name,
            ModelVersion = model.Version,
            RankedAt = time.GetUtcNow(),
            ImpressionId = impressionId,
            Experiment = choice.Tag is { } tag ? $"{tag.Id}/{tag.Variant}" : null,
        };

        return await feeds.WriteRankingAsync(ranked, cancellationToken) switch
        {
            RankingWriteOutcome.Written => new FeedRerankResult(FeedRerankOutcome.Ranked, ranked),
            RankingWriteOutcome.Superseded => new FeedRerankResult(FeedRerankOutcome.Superseded, feed),
            _ => new FeedRerankResult(FeedRerankOutcome.Stale, feed),
        };
    }

    private async ValueTask<FeedRecord?> CurrentFeedAsync(FeedRerankMessage message, CancellationToken cancellationToken)
    {
        var stored = await feeds.GetFeedAsync(message.UserId, message.Surface, cancellationToken);
        if (message.Candidates is not { } given)
        {
            return stored;
        }

        var ids = given.Select(c => c.ItemId).ToArray();
        return stored is not null && stored.Candidates.SequenceEqual(ids, StringComparer.Ordinal)
            ? stored
            : await feeds.PutCandidatesAsync(message.UserId, message.Surface, ids, cancellationToken);
    }
}
