using Ranking.Testing.Datasets;
using Ranking.Training.Experiments;

namespace Ranking.Training.Tests.Experiments;

/// <summary><c>sql/experiment-impressions.sql</c> on DuckDB over hand-written logs.</summary>
public sealed class ExperimentOutcomesTests : IDisposable
{
    private const string Day = "2026-12-02";
    private static readonly string[] s_features = ["price"];
    private readonly LogFolder _logs = new();

    public void Dispose() => _logs.Dispose();

    private static string Tagged(string id, string variant, string mode, string? user = "u_1", params (string Item, string? Team)[] items)
    {
        var line = LogFolder.ImpressionRecord(id, "2026-12-02T10:00:00Z", s_features, [.. items.Select(i => (i.Item, "1"))])
            .Replace("\"fallback\":null,", $"\"fallback\":null,\"experiment\":{{\"id\":\"feed-dec\",\"variant\":\"{variant}\",\"mode\":\"{mode}\"}},", StringComparison.Ordinal);
        foreach (var (item, team) in items)
        {
            if (team is not null)
            {
                line = line.Replace($"\"itemId\":\"{item}\",", $"\"itemId\":\"{item}\",\"team\":\"{team}\",", StringComparison.Ordinal);
            }
        }

        return user is null ? line.Replace("\"userId\":\"u_1\"", "\"userId\":null", StringComparison.Ordinal) : line.Replace("\"userId\":\"u_1\"", $"\"userId\":\"{user}\"", StringComparison.Ordinal);
    }

    [Fact]
    public void Read_GivesEachImpressionItsClicksPurchasesDcgAndWinner()
    {
        _logs.Impression(Day, Tagged("r_a", "treatment", "ab", "u_7", ("i_1", null), ("i_2", null), ("i_3", null)));
        _logs.Impression(Day, Tagged("r_b", "control", "ab", null, ("i_1", null), ("i_2", null)));
        _logs.Impression(Day, Tagged("r_t", "control", "interleave", "u_8", ("i_1", "control"), ("i_2", "treatment"), ("i_3", "treatment")));
        _logs.Impression(Day, Tagged("r_s", "control", "ab", null, ("i_1", null)).Replace("\"userId\":null,", "\"userId\":null,\"sessionId\":\"s_9\",", StringComparison.Ordinal));
        _logs.Impression(Day, LogFolder.ImpressionRecord("r_other", "2026-12-02T10:00:00Z", s_features, [("i_1", "1")]));
        foreach (var line in new[]
        {
            LogFolder.EventRecord("click", "r_a", "i_3", "2026-12-02T10:01:00Z"),
            LogFolder.EventRecord("click", "r_a", "i_3", "2026-12-02T10:02:00Z"),
            LogFolder.EventRecord("purchase", "r_a", "i_3", "2026-12-02T10:05:00Z"),
            // Outside the window.
            LogFolder.EventRecord("click", "r_b", "i_1", "2026-12-02T11:00:00Z"),
            LogFolder.EventRecord("click", "r_t", "i_2", "2026-12-02T10:01:00Z"),
            LogFolder.EventRecord("click", "r_t", "i_3", "2026-12-02T10:01:00Z"),
            LogFolder.EventRecord("click", "r_t", "i_1", "2026-12-02T10:01:00Z"),
            LogFolder.EventRecord("click", "r_other", "i_1", "2026-12-02T10:01:00Z"),
        })
        {
            _logs.Event(Day, line);
        }

        var set = ExperimentOutcomes.Read(new ExperimentOutcomeOptions { LogsDirectory = _logs.Path, ExperimentId = "feed-dec", K = 2 });

        var outcomes = set.Outcomes.ToDictionary(o => o.ImpressionId);
        Assert.Equal(["r_a", "r_b", "r_s", "r_t"], outcomes.Keys.Order());
        Assert.Equal("session:s_9", outcomes["r_s"].Unit);
        var a = outcomes["r_a"];
        Assert.Equal(("u_7", "treatment", "ab", 3, 1, false, 1), (a.Unit, a.Variant, a.Mode, a.Shown, a.Clicks, a.ClickedAtK, a.Purchases));
        Assert.Equal(1 / Math.Log2(4), a.Dcg10, 12);
        Assert.Equal(0.5, a.Ndcg10!.Value, 12);
        Assert.Equal(("impression:r_b", 0, false, (double?)null), (outcomes["r_b"].Unit, outcomes["r_b"].Clicks, outcomes["r_b"].ClickedAtK, outcomes["r_b"].Ndcg10));
        var t = outcomes["r_t"];
        Assert.Equal((3, true, "treatment"), (t.Clicks, t.ClickedAtK, t.Winner));
        Assert.Equal(1.0, t.Ndcg10!.Value, 12);
    }

    [Fact]
    public void Read_OfAnExperimentWithoutImpressions_SaysSo()
    {
        _logs.Impression(Day, LogFolder.ImpressionRecord("r_1", "2026-12-02T10:00:00Z", s_features, [("i_1", "1")]));

        var error = Assert.Throws<InvalidDataException>(() => ExperimentOutcomes.Read(new ExperimentOutcomeOptions { LogsDirectory = _logs.Path, ExperimentId = "nope" }));

        Assert.StartsWith("no impression of experiment 'nope' in 1 files for dt 2026-12-02 to 2026-12-02", error.Message, StringComparison.Ordinal);
    }
}
