using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Json;
using Ranking.Core.Data;
using Ranking.Handlers;
using Ranking.Handlers.Feeds;
using Ranking.Handlers.Http;
using Ranking.Handlers.Models;
using Ranking.Handlers.Rank;
using Ranking.Stores.Feeds;

namespace Ranking.Cli.Serve;

/// <summary>
/// Local-only feed routes: <c>POST /v1/feeds/{userId}/{surface}/rerank</c> puts a message on the in-process
/// queue and answers with the outcome; <c>GET /v1/feeds/{userId}/{surface}</c> returns the stored feed.
/// </summary>
internal sealed class FeedEndpoints(ModelCatalog catalog, IFeedStore feeds, LocalFeedQueue queue, RankingOptions options)
{
    public Router Map(Router router) => router
        .Map("POST", "/v1/feeds/{userId}/{surface}/rerank", RerankAsync)
        .Map("GET", "/v1/feeds/{userId}/{surface}", GetAsync);

    private async ValueTask<ApiResponse> RerankAsync(ApiRequest request, IReadOnlyDictionary<string, string> route, CancellationToken cancellationToken)
    {
        if (Validate(request, route) is { } invalid)
        {
            return JsonBody.Error(invalid, request.RequestId);
        }

        if (!TryReadCandidates(request, out var candidates, out var error))
        {
            return JsonBody.Error(error, request.RequestId);
        }

        var message = new FeedRerankMessage { UserId = route["userId"], Surface = route["surface"], Candidates = candidates };
        var result = await queue.SendAsync(message, cancellationToken);
        return result switch
        {
            { Outcome: FeedRerankOutcome.Failed } => JsonBody.Error(new ApiError(503, "rerank_failed", result.Error ?? "re-rank failed"), request.RequestId),
            { Feed: null } => JsonBody.Error(ApiError.NotFound($"user '{message.UserId}' has no stored '{message.Surface}' feed and the request gave no candidates"), request.RequestId),
            _ => JsonBody.Write(200, w =>
            {
                w.WriteStartObject();
                w.WriteString("outcome", result.Outcome.ToString().ToLowerInvariant());
                w.WritePropertyName("feed");
                WriteFeed(w, result.Feed);
                w.WriteEndObject();
            }),
        };
    }

    private async ValueTask<ApiResponse> GetAsync(ApiRequest request, IReadOnlyDictionary<string, string> route, CancellationToken cancellationToken)
    {
        if (Validate(request, route, needsBody: false) is { } invalid)
        {
            return JsonBody.Error(invalid, request.RequestId);
        }

        var feed = await feeds.GetFeedAsync(route["userId"], route["surface"], cancellationToken);
        return feed is null
            ? JsonBody.Error(ApiError.NotFound($"user '{route["userId"]}' has no stored '{route["surface"]}' feed"), request.RequestId)
            : JsonBody.Write(200, w => WriteFeed(w, feed));
    }

    private ApiError? Validate(ApiRequest request, IReadOnlyDictionary<string, string> route, bool needsBody = true)
    {
        var surface = route["surface"];
        if (!RankRequestReader.IsSurfaceName(surface))
        {
            return ApiError.InvalidRequest(RankRequestReader.SurfaceNameRule);
        }

        if (route["userId"].Length > RankRequestReader.MaxIdLength)
        {
            return ApiError.InvalidRequest($"userId must be at most {RankRequestReader.MaxIdLength} characters");
        }

        if (!catalog.TryGet(surface, out _))
        {
            return catalog.UnknownSurface(surface);
        }

        if (needsBody && (request.BodyTooLarge || request.Body.Length > options.MaxBodyBytes))
        {
            return ApiError.BodyTooLarge($"request body exceeds {options.MaxBodyBytes} bytes");
        }

        return null;
    }

    /// <summary>An empty body re-ranks the stored candidates; a JSON body may give new ones.</summary>
    private bool TryReadCandidates(ApiRequest request, out Candidate[]? candidates, [NotNullWhen(false)] out ApiError? error)
    {
        candidates = null;
        error = null;
        if (request.Body.IsEmpty)
        {
            return true;
        }

        if (request.ContentType is null || !request.ContentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
        {
            error = ApiError.UnsupportedMediaType($"Content-Type must be application/json, not '{request.ContentType ?? "(none)"}'");
            return false;
        }

        if (!JsonInput.TryParse(request.Body, default, out var document, out error))
        {
            return false;
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                error = ApiError.InvalidRequest("request body must be a JSON object");
                return false;
            }

            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (property.Name != "candidates")
                {
                    error = ApiError.InvalidRequest($"unknown field '{property.Name}' (fields: candidates)");
                    return false;
                }
            }

            return !document.RootElement.TryGetProperty("candidates", out _)
                || RankRequestReader.TryReadCandidates(document.RootElement, options.MaxCandidates, out candidates, out error);
        }
    }

    private static void WriteFeed(Utf8JsonWriter w, FeedRecord feed)
    {
        w.WriteStartObject();
        w.WriteString("userId", feed.UserId);
        w.WriteString("surface", feed.Surface);
        w.WriteNumber("candidatesVersion", feed.CandidatesVersion);
        w.WriteNumber("candidates", feed.Candidates.Count);
        if (feed.RankedFromVersion is { } from)
        {
            w.WriteNumber("rankedFromVersion", from);
            w.WriteBoolean("stale", from != feed.CandidatesVersion);
        }

        if (feed.ModelName is not null)
        {
            w.WriteStartObject("model");
            w.WriteString("name", feed.ModelName);
            w.WriteString("version", feed.ModelVersion);
            w.WriteEndObject();
        }

        if (feed.Experiment is { } experiment)
        {
            w.WriteString("experiment", experiment);
        }

        if (feed.RankedAt is { } at)
        {
            w.WriteString("rankedAt", at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
        }

        // What the app sends back as impressionId with its events on this feed.
        if (feed.ImpressionId is { } impressionId)
        {
            w.WriteString("impressionId", impressionId);
        }

        w.WriteStartArray("items");
        var rank = 1;
        foreach (var (itemId, score) in feed.Ranked ?? [])
        {
            w.WriteStartObject();
            w.WriteString("itemId", itemId);
            JsonBody.WriteRounded(w, "score", score, 6);
            w.WriteNumber("rank", rank++);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }
}
