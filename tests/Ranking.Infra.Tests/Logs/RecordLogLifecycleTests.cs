using System.Text.Json;
using Ranking.Infra.Configuration;

namespace Ranking.Infra.Tests.Logs;

public sealed class RecordLogLifecycleTests
{
    [Fact]
    public void LogsExpireAfterTheDefault400Days_ErrorsAthenaResultsAndDatasetsAfter30_OldVersionsAfterADay()
    {
        var rules = Rules(Synth.Default);
        Assert.Equal(
            [
                ("athena-results", "athena-results/", 30),
                ("datasets", "datasets/", 30),
                ("event-logs", "logs/events/", 400),
                ("impression-logs", "logs/impressions/", 400),
                ("log-errors", "logs/errors/", 30),
            ],
            rules.Where(r => r.TryGetProperty("ExpirationInDays", out _))
                .Select(r => (r.GetProperty("Id").GetString(), r.GetProperty("Prefix").GetString(), r.GetProperty("ExpirationInDays").GetInt32()))
                .OrderBy(r => r.Item1, StringComparer.Ordinal));
        Assert.All(rules.Where(r => r.TryGetProperty("ExpirationInDays", out _)), r =>
        {
            Assert.Equal("Enabled", r.GetProperty("Status").GetString());
            Assert.Equal(1, r.GetProperty("NoncurrentVersionExpiration").GetProperty("NoncurrentDays").GetInt32());
            Assert.Equal(1, r.GetProperty("AbortIncompleteMultipartUpload").GetProperty("DaysAfterInitiation").GetInt32());
        });
    }

    [Fact]
    public void DeleteMarkersLeftByExpiry_AreRemoved_UnderLogsAthenaResultsAndDatasets_Only()
    {
        var markers = Rules(Synth.Default).Where(r => r.TryGetProperty("ExpiredObjectDeleteMarker", out _)).ToList();
        Assert.All(markers, r => Assert.True(r.GetProperty("ExpiredObjectDeleteMarker").GetBoolean()));
        Assert.Equal(["athena-results/", "datasets/", "logs/"], markers.Select(r => r.GetProperty("Prefix").GetString()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void NoRule_ReachesModelPackages()
    {
        Assert.All(Rules(Synth.Default), r => Assert.False(
            "models/".StartsWith(r.GetProperty("Prefix").GetString()!, StringComparison.Ordinal), r.GetRawText()));
    }

    [Theory]
    [InlineData(731, 731, 30)]
    [InlineData(7, 7, 7)]
    public void RecordLogRetention_FollowsContext_AndErrorsNeverOutliveTheLogs(int days, int logs, int errors)
    {
        var rules = Rules(Synth.Run((ContextKeys.RecordLogRetentionDays, days)));
        int Days(string id) => rules.Single(r => r.GetProperty("Id").GetString() == id).GetProperty("ExpirationInDays").GetInt32();
        Assert.Equal(logs, Days("impression-logs"));
        Assert.Equal(logs, Days("event-logs"));
        Assert.Equal(errors, Days("log-errors"));
    }

    private static List<JsonElement> Rules(Synthesized synth) =>
        [.. synth.PropertiesOf(synth.Stack.Data.ModelsBucket).GetProperty("LifecycleConfiguration").GetProperty("Rules").EnumerateArray()];
}
