using System.Text.Json;
using Ranking.Functions.Hosting.Aws;
using Ranking.Functions.Hosting.Configuration;
using Ranking.Functions.Hosting.Logging;
using Ranking.Functions.Hosting.Metrics;
using Ranking.Functions.Hosting.Models;
using Ranking.Handlers;
using Ranking.Handlers.Events;
using Ranking.Handlers.Http;
using Ranking.Handlers.Models;
using Ranking.Handlers.Rank;
using Ranking.Lambda.Events;
using Ranking.Lambda.Logging;
using Ranking.Lambda.Metrics;
using Ranking.Lambda.Runtime;
using Ranking.Stores.Items;
using Ranking.Stores.Users;

namespace Ranking.Functions.Rank;

/// <summary>
/// API Gateway HTTP API (payload 2.0) -> the Rank API router, the same one <c>ranking serve</c> hosts.
/// Everything expensive (clients, models, plans) is built once in <see cref="InitAsync"/>.
/// </summary>
internal sealed class RankFunction(Router router, EmfMetrics metrics, int maxBodyBytes)
{
    public static async ValueTask<LambdaHandler> InitAsync(LambdaInitContext context, CancellationToken cancellationToken)
    {
        var settings = FunctionSettings.Load(context.Environment, FunctionNeeds.Items | FunctionNeeds.Users | FunctionNeeds.Models);
        var dynamo = AwsClients.DynamoDb(context.Environment);
        var items = new DynamoItemStore(dynamo, settings.ItemsTable!, context.Time, context.Randomizer);
        var users = new DynamoUserStore(dynamo, settings.UsersTable!, context.Time, context.Randomizer);
        var (rankingMetrics, metrics) = FunctionMetrics.Create(settings.MetricsNamespace, context.FunctionName ?? "rank", context.Output, context.Time);
        var locator = ModelSource.Locator(settings, () => AwsClients.S3(context.Environment), () => dynamo, context.Time, context.Randomizer);
        var experiments = ModelSource.Experiments(settings, dynamo, context.Time, context.Randomizer);
        var (catalog, refresher) = await ModelSource.LoadAsync(settings, locator, rankingMetrics, context.Log, context.Time, cancellationToken, experiments);
        ModelSource.RefreshAfterEachInvocation(context, refresher, metrics);
        await ShadowMap.AttachAsync(catalog, settings.Shadows, locator, settings.ModelCheckTimeout, message => context.Log.Info(message), cancellationToken);
        var options = new RankingOptions { MaxCandidates = settings.MaxCandidates, MaxBodyBytes = settings.MaxBodyBytes, Deadline = settings.Deadline };
        var records = new StdoutRecordSink(context.Output);
        var impressions = FunctionImpressions.Create(context, settings, records, rankingMetrics);

        var router = RankingApi.CreateRouter(
            new RankHandler(catalog, items, users, options, context.Time, context.Randomizer, rankingMetrics, impressions, message => context.Log.Warn(message)),
            new EventsHandler(records, options, context.Time, rankingMetrics),
            new HealthHandler(catalog));
        return new RankFunction(router, metrics, settings.MaxBodyBytes).HandleAsync;
    }

    private async ValueTask<byte[]> HandleAsync(LambdaInvocation invocation, CancellationToken cancellationToken)
    {
        try
        {
            var response = await RouteAsync(invocation, cancellationToken);
            return JsonSerializer.SerializeToUtf8Bytes(HttpApiResponse.Json(response.StatusCode, response.Body), LambdaJsonContext.Default.HttpApiResponse);
        }
        finally
        {
            metrics.SetProperty("RequestId", invocation.RequestId);
            metrics.Flush();
        }
    }

    private async ValueTask<ApiResponse> RouteAsync(LambdaInvocation invocation, CancellationToken cancellationToken)
    {
        HttpApiRequest? request;
        try
        {
            request = JsonSerializer.Deserialize(invocation.Payload.Span, LambdaJsonContext.Default.HttpApiRequest);
        }
        catch (JsonException e)
        {
            return BadEvent(invocation, $"the event is not an API Gateway HTTP API (2.0) event: {e.Message}");
        }

        if (request?.Method is not { } method || request.RawPath is not { } path)
        {
            return BadEvent(invocation, "the event is not an API Gateway HTTP API (2.0) event: requestContext.http.method and rawPath are required");
        }

        if (!request.TryDecodeBody(out var body, out var error))
        {
            return JsonBody.Error(ApiError.InvalidRequest(error), RequestId(request, invocation));
        }

        return await router.DispatchAsync(new ApiRequest
        {
            Method = method,
            Path = path,
            ContentType = request.GetHeader("content-type"),
            Body = body,
            BodyTooLarge = body.Length > maxBodyBytes,
            RequestId = RequestId(request, invocation),
        }, cancellationToken);
    }

    /// <summary>API Gateway's request id is the one a caller can quote; the Lambda request id is the fallback.</summary>
    private static string RequestId(HttpApiRequest request, LambdaInvocation invocation) => request.RequestContext?.RequestId ?? invocation.RequestId;

    private static ApiResponse BadEvent(LambdaInvocation invocation, string message)
    {
        invocation.Log.Warn("malformed event", new LogField("error", message));
        return JsonBody.Error(ApiError.InvalidRequest(message), invocation.RequestId);
    }
}
