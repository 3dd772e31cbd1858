using Amazon.CDK;
using Amazon.CDK.AWS.Apigatewayv2;
using Amazon.CDK.AWS.Logs;
using Amazon.CDK.AwsApigatewayv2Authorizers;
using Amazon.CDK.AwsApigatewayv2Integrations;
using Constructs;
using Ranking.Infra.Configuration;

using HttpMethod = Amazon.CDK.AWS.Apigatewayv2.HttpMethod;

namespace Ranking.Infra.Api;

/// <summary>
/// The HTTP API in front of the Rank function: <c>POST /v1/rank</c>, <c>POST /v1/events</c> (feedback events, which the
/// Rank function logs beside its impressions) and <c>GET /v1/health</c>, all behind IAM (SigV4) by default or a JWT
/// authorizer, with stage throttling and JSON access logs. Nothing else is routed, so API Gateway answers any other
/// path itself and the function only sees these contracts.
/// </summary>
internal sealed class RankingApi : Construct
{
    public const string RankRoute = "/v1/rank";
    public const string EventsRoute = "/v1/events";
    public const string HealthRoute = "/v1/health";

    public RankingApi(Construct scope, string id, RankingApiProps props)
        : base(scope, id)
    {
        var settings = props.Settings;
        IHttpRouteAuthorizer authorizer = settings.ApiAuthorization == ApiAuthorization.Jwt
            ? new HttpJwtAuthorizer("Jwt", settings.JwtIssuer!, new HttpJwtAuthorizerProps { JwtAudience = [.. settings.JwtAudience] })
            : new HttpIamAuthorizer();

        Api = new HttpApi(this, "HttpApi", new HttpApiProps
        {
            Description = "Marketplace ranking: POST /v1/rank, POST /v1/events, GET /v1/health",
            DefaultAuthorizer = authorizer,
            // The stage below is created explicitly: the default one takes no throttling.
            CreateDefaultStage = false,
        });
        var integration = new HttpLambdaIntegration("Rank", props.RankFunction, new HttpLambdaIntegrationProps
        {
            PayloadFormatVersion = PayloadFormatVersion.VERSION_2_0,
        });
        Api.AddRoutes(new AddRoutesOptions { Path = RankRoute, Methods = [HttpMethod.POST], Integration = integration });
        Api.AddRoutes(new AddRoutesOptions { Path = EventsRoute, Methods = [HttpMethod.POST], Integration = integration });
        Api.AddRoutes(new AddRoutesOptions { Path = HealthRoute, Methods = [HttpMethod.GET], Integration = integration });

        AccessLogs = new LogGroup(this, "AccessLogs", new LogGroupProps
        {
            Retention = settings.LogRetention,
            RemovalPolicy = settings.RetainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
        });
        Stage = new HttpStage(this, "DefaultStage", new HttpStageProps
        {
            HttpApi = Api,
            StageName = "$default",
            AutoDeploy = true,
            Throttle = new ThrottleSettings { RateLimit = settings.ApiThrottleRateLimit, BurstLimit = settings.ApiThrottleBurstLimit },
        });
        // The L2 stage of this CDK version has no access log setting.
        var cfnStage = (CfnStage)Stage.Node.DefaultChild!;
        cfnStage.AccessLogSettings = new CfnStage.AccessLogSettingsProperty
        {
            DestinationArn = AccessLogs.LogGroupArn,
            Format = AccessLogFormat,
        };
    }

    public HttpApi Api { get; }
    public HttpStage Stage { get; }
    public LogGroup AccessLogs { get; }

    /// <summary>The API's base URL, ending in a slash.</summary>
    public string Url => Stage.Url;

    /// <summary>One JSON line per request: who called, what answered and how long each side took.</summary>
    internal static string AccessLogFormat => System.Text.Json.JsonSerializer.Serialize(new SortedDictionary<string, string>(StringComparer.Ordinal)
    {
        ["requestId"] = "$context.requestId",
        ["requestTime"] = "$context.requestTimeEpoch",
        ["ip"] = "$context.identity.sourceIp",
        ["caller"] = "$context.identity.userArn",
        ["routeKey"] = "$context.routeKey",
        ["status"] = "$context.status",
        ["responseLength"] = "$context.responseLength",
        ["latencyMs"] = "$context.responseLatency",
        ["integrationLatencyMs"] = "$context.integrationLatency",
        ["integrationStatus"] = "$context.integrationStatus",
        ["integrationError"] = "$context.integrationErrorMessage",
        ["authorizerError"] = "$context.authorizer.error",
        ["error"] = "$context.error.message",
    });
}
