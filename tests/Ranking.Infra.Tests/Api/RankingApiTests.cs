using Amazon.CDK.Assertions;
using Ranking.Infra.Configuration;

using static Ranking.Infra.Tests.Props;

namespace Ranking.Infra.Tests.Api;

public sealed class RankingApiTests
{
    [Fact]
    public void Api_IsAnHttpApi_RoutingOnlyRankEventsAndHealth_ToTheRankFunction_WithPayload2()
    {
        var synth = Synth.Default;
        synth.Template.HasResourceProperties("AWS::ApiGatewayV2::Api", Of(("ProtocolType", "HTTP")));
        synth.Template.ResourceCountIs("AWS::ApiGatewayV2::Route", 3);
        synth.Template.HasResourceProperties("AWS::ApiGatewayV2::Route", Of(("RouteKey", "POST /v1/rank")));
        synth.Template.HasResourceProperties("AWS::ApiGatewayV2::Route", Of(("RouteKey", "POST /v1/events")));
        synth.Template.HasResourceProperties("AWS::ApiGatewayV2::Route", Of(("RouteKey", "GET /v1/health")));
        synth.Template.HasResourceProperties("AWS::ApiGatewayV2::Integration", Of(
            ("IntegrationType", "AWS_PROXY"),
            ("PayloadFormatVersion", "2.0"),
            ("IntegrationUri", Of(("Fn::GetAtt", new object[] { synth.LogicalId(synth.Stack.Functions.Rank), "Arn" })))));
    }

    [Fact]
    public void Routes_RequireIam_ByDefault()
    {
        var synth = Synth.Default;
        synth.Template.AllResourcesProperties("AWS::ApiGatewayV2::Route", Of(("AuthorizationType", "AWS_IAM")));
        synth.Template.ResourceCountIs("AWS::ApiGatewayV2::Authorizer", 0);
    }

    [Fact]
    public void JwtSwitch_PutsEveryRouteBehindAJwtAuthorizer()
    {
        var synth = Synth.Run(
            (ContextKeys.ApiAuth, "jwt"),
            (ContextKeys.JwtIssuer, "https://auth.example.com/"),
            (ContextKeys.JwtAudience, "ranking-api, mobile-backend"));
        synth.Template.HasResourceProperties("AWS::ApiGatewayV2::Authorizer", Of(
            ("AuthorizerType", "JWT"),
            ("IdentitySource", new object[] { "$request.header.Authorization" }),
            ("JwtConfiguration", Of(("Issuer", "https://auth.example.com/"), ("Audience", new object[] { "ranking-api", "mobile-backend" })))));
        synth.Template.AllResourcesProperties("AWS::ApiGatewayV2::Route", Of(("AuthorizationType", "JWT"), ("AuthorizerId", Match.AnyValue())));
    }

    [Fact]
    public void DefaultStage_AutoDeploys_Throttles_AndWritesJsonAccessLogs()
    {
        var synth = Synth.Run((ContextKeys.ApiThrottleRateLimit, 50), (ContextKeys.ApiThrottleBurstLimit, 75));
        var accessLogs = synth.LogicalId(synth.Stack.Api.AccessLogs);
        synth.Template.HasResourceProperties("AWS::ApiGatewayV2::Stage", Of(
            ("StageName", "$default"),
            ("AutoDeploy", true),
            ("DefaultRouteSettings", Of(("ThrottlingRateLimit", 50), ("ThrottlingBurstLimit", 75))),
            ("AccessLogSettings", Of(
                ("DestinationArn", Of(("Fn::GetAtt", new object[] { accessLogs, "Arn" }))),
                ("Format", Match.StringLikeRegexp("\"requestId\":\"\\$context.requestId\".*\"status\":\"\\$context.status\""))))));
        synth.Template.HasResourceProperties("AWS::Logs::LogGroup", Of(("RetentionInDays", 30)));
    }

    [Fact]
    public void AccessLogFormat_IsOneJsonObject()
    {
        using var document = System.Text.Json.JsonDocument.Parse(Ranking.Infra.Api.RankingApi.AccessLogFormat);
        Assert.Equal("$context.identity.userArn", document.RootElement.GetProperty("caller").GetString());
        Assert.Equal("$context.integrationErrorMessage", document.RootElement.GetProperty("integrationError").GetString());
    }

    [Fact]
    public void ApiGateway_MayInvokeRank_OnlyThroughItsRoutes()
    {
        var synth = Synth.Default;
        var permissions = synth.Resources("AWS::Lambda::Permission")
            .Where(p => p.Properties.GetProperty("Principal").GetString() == "apigateway.amazonaws.com")
            .ToList();
        Assert.Equal(3, permissions.Count);
        Assert.All(permissions, p =>
        {
            Assert.Equal("lambda:InvokeFunction", p.Properties.GetProperty("Action").GetString());
            var sourceArn = p.Properties.GetProperty("SourceArn").GetRawText();
            Assert.True(
                sourceArn.Contains("/v1/rank", StringComparison.Ordinal)
                || sourceArn.Contains("/v1/events", StringComparison.Ordinal)
                || sourceArn.Contains("/v1/health", StringComparison.Ordinal),
                sourceArn);
        });
    }
}
