using Ranking.Infra.Configuration;

namespace Ranking.Infra.Tests.Configuration;

public sealed class InfraSettingsTests
{
    public static TheoryData<string, string> BadValues => new()
    {
        { ContextKeys.RankMemoryMb, "abc" },
        { ContextKeys.RankMemoryMb, "64" },
        { ContextKeys.RankTimeoutSeconds, "31" },
        { ContextKeys.FeedRerankTimeoutSeconds, "901" },
        { ContextKeys.ModelRefreshMemoryMb, "1024.5" },
        { ContextKeys.MaxCandidates, "0" },
        { ContextKeys.ModelTtlSeconds, "0" },
        { ContextKeys.QualityTolerance, "2" },
        { ContextKeys.LatencyBudgetMs, "fast" },
        { ContextKeys.FeedBatchSize, "10001" },
        { ContextKeys.FeedMaxConcurrency, "1" },
        { ContextKeys.FeedMaxReceiveCount, "-1" },
        { ContextKeys.ModelRefreshRateMinutes, "0" },
        { ContextKeys.LogRetentionDays, "31" },
        { ContextKeys.RecordLogRetentionDays, "0" },
        { ContextKeys.RecordLogRetentionDays, "3654" },
        { ContextKeys.AthenaScanLimitGb, "0" },
        { ContextKeys.AthenaScanLimitGb, "0.5" },
        { ContextKeys.ApiAuth, "cognito" },
        { ContextKeys.RemovalPolicy, "snapshot" },
        { ContextKeys.DeletionProtection, "yes" },
        { ContextKeys.AlarmFallbackRate, "1.5" },
        { ContextKeys.AlarmFallbackRate, "NaN" },
        { ContextKeys.AlarmEmail, "oncall" },
        { ContextKeys.StackName, "1ranking" },
        { ContextKeys.Surfaces, "feed" },
        { ContextKeys.Surfaces, "Feed=feed-ltr" },
        { ContextKeys.Surfaces, "feed=a;feed=b" },
        { ContextKeys.Surfaces, ";" },
    };

    [Theory]
    [MemberData(nameof(BadValues))]
    public void BadContextValue_FailsSynth_NamingTheKeyAndTheValue(string key, string value)
    {
        var error = Synth.Fails((key, value));
        Assert.Contains($"'{key}'", error.Message, StringComparison.Ordinal);
        Assert.Contains(value, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DestroyWithDeletionProtection_FailsSynth_NamingBothKeys()
    {
        var error = Synth.Fails((ContextKeys.RemovalPolicy, "destroy"));
        Assert.Contains($"'{ContextKeys.RemovalPolicy}'", error.Message, StringComparison.Ordinal);
        Assert.Contains($"{ContextKeys.DeletionProtection}=false", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DeadlineNotBelowTheRankTimeout_FailsSynth()
    {
        var error = Synth.Fails((ContextKeys.DeadlineMs, 5000), (ContextKeys.RankTimeoutSeconds, 5));
        Assert.Contains($"'{ContextKeys.DeadlineMs}'", error.Message, StringComparison.Ordinal);
        Assert.Contains($"'{ContextKeys.RankTimeoutSeconds}'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LargeBatchWithoutABatchingWindow_FailsSynth()
    {
        var error = Synth.Fails((ContextKeys.FeedBatchSize, 50), (ContextKeys.FeedBatchWindowSeconds, 0));
        Assert.Contains($"'{ContextKeys.FeedBatchWindowSeconds}'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Jwt_WithoutAnHttpsIssuer_OrWithoutAnAudience_FailsSynth()
    {
        Assert.Contains($"'{ContextKeys.JwtIssuer}'", Synth.Fails((ContextKeys.ApiAuth, "jwt"), (ContextKeys.JwtAudience, "a")).Message, StringComparison.Ordinal);
        Assert.Contains($"'{ContextKeys.JwtIssuer}'", Synth.Fails(
            (ContextKeys.ApiAuth, "jwt"), (ContextKeys.JwtIssuer, "http://auth.example.com"), (ContextKeys.JwtAudience, "a")).Message, StringComparison.Ordinal);
        Assert.Contains($"'{ContextKeys.JwtAudience}'", Synth.Fails(
            (ContextKeys.ApiAuth, "jwt"), (ContextKeys.JwtIssuer, "https://auth.example.com")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void JwtSettings_WithoutTheJwtSwitch_FailSynth_RatherThanBeIgnored()
    {
        var error = Synth.Fails((ContextKeys.JwtIssuer, "https://auth.example.com"));
        Assert.Contains($"{ContextKeys.ApiAuth}=jwt", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CdkJsonNumbersAndBooleans_AreReadLikeCommandLineStrings()
    {
        var synth = Synth.Run(
            (ContextKeys.RankMemoryMb, 2048.0),
            (ContextKeys.DeletionProtection, false),
            (ContextKeys.RemovalPolicy, "DESTROY"),
            (ContextKeys.AlarmFallbackRate, 0.2));
        Assert.Equal(2048, synth.PropertiesOf(synth.Stack.Functions.Rank).GetProperty("MemorySize").GetInt32());
    }

    [Fact]
    public void EveryDefault_InCdkJson_IsAValidValue_AndMatchesTheAppsDefault()
    {
        using var cdkJson = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoRoot.Path, "cdk.json")));
        var context = cdkJson.RootElement.GetProperty("context").EnumerateObject()
            .Select(p => (p.Name, (object)(p.Value.ValueKind switch
            {
                System.Text.Json.JsonValueKind.Number => p.Value.GetDouble(),
                System.Text.Json.JsonValueKind.True => true,
                System.Text.Json.JsonValueKind.False => false,
                _ => p.Value.GetString()!,
            })))
            .Where(c => c.Name != ContextKeys.Bundles)
            .ToArray();
        var keys = typeof(ContextKeys).GetFields().Select(f => (string)f.GetRawConstantValue()!).ToHashSet(StringComparer.Ordinal);
        Assert.All(context, c => Assert.Contains(c.Name, keys));

        var fromCdkJson = Synth.Run(context).Json.ToString();
        Assert.Equal(Synth.Default.Json.ToString(), fromCdkJson);
    }
}
