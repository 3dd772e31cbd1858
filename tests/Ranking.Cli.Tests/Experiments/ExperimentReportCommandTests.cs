using System.Globalization;
using System.Text.Json;
using Ranking.Testing.Datasets;

namespace Ranking.Cli.Tests.Experiments;

/// <summary><c>ranking experiments report</c> over logs in serve's layout: an A/B test where the treatment is clicked more.</summary>
public sealed class ExperimentReportCommandTests : IDisposable
{
    private readonly LogFolder _logs = new();

    public ExperimentReportCommandTests()
    {
        var random = new Random(3);
        for (var day = 1; day <= 3; day++)
        {
            var date = $"2026-12-0{day}";
            for (var u = 0; u < 150; u++)
            {
                var variant = u % 2 == 0 ? "control" : "treatment";
                var id = $"r-{day}-{u}";
                var time = $"{date}T10:00:00Z";
                var line = LogFolder.ImpressionRecord(id, time, ["price"], [("i_1", "1"), ("i_2", "2"), ("i_3", "3")])
                    .Replace("\"userId\":\"u_1\"", $"\"userId\":\"u_{u}\"", StringComparison.Ordinal)
                    .Replace("\"fallback\":null,", $"\"fallback\":null,\"experiment\":{{\"id\":\"feed-dec\",\"variant\":\"{variant}\",\"mode\":\"ab\"}},", StringComparison.Ordinal);
                _logs.Impression(date, line);
                if (random.NextDouble() < (variant == "control" ? 0.2 : 0.45))
                {
                    _logs.Event(date, LogFolder.EventRecord("click", id, "i_2", $"{date}T10:01:00Z"));
                }
            }
        }

        _logs.Impression("2026-12-01", "{not json");
    }

    [Fact]
    public async Task Report_PrintsEachVariantWithIntervals_AndTheDifferenceWithItsPValue()
    {
        using var cli = new TestCli();
        var exit = await cli.RunAsync(["experiments", "report", "--logs", _logs.Path, "--experiment", "feed-dec", "--k", "3"]);

        Assert.Equal((0, ""), (exit, cli.Error));
        Assert.Matches(@"^experiment feed-dec \(ab\): 450 impressions; 95% intervals from 1000 bootstrap resamples of users\n1 malformed log lines skipped \(of \d+\)\n  malformed: \S+serve-1\.jsonl:151: ", cli.Output);
        Assert.Matches(@"\ncontrol\s+225\s+75\s+0\.\d{4} \[0\.\d{4}, 0\.\d{4}\]", cli.Output);
        Assert.Contains("purchasesPerImpression +0.0000 [+0.0000, +0.0000] p=1.000;", cli.Output, StringComparison.Ordinal);
        Assert.Matches(@"treatment - control: ctr \+0\.\d{4} \[\+0\.\d{4}, \+0\.\d{4}\] p<=0\.001;", cli.Output);
    }

    [Fact]
    public async Task Report_WithJsonAndHtml_GivesTheNumbersAndASelfContainedPage()
    {
        var page = Path.Combine(_logs.Path, "report.html");
        using var cli = new TestCli();
        var exit = await cli.RunAsync(["experiments", "report", "--logs", _logs.Path, "--experiment", "feed-dec", "--json", "--html", page]);

        Assert.Equal(0, exit);
        using var json = JsonDocument.Parse(cli.Output);
        var variants = json.RootElement.GetProperty("variants").EnumerateArray().ToList();
        Assert.Equal(["control", "treatment"], variants.Select(v => v.GetProperty("variant").GetString()));
        var ctr = variants[1].GetProperty("ctr");
        Assert.InRange(ctr.GetProperty("value").GetDouble(), ctr.GetProperty("low").GetDouble(), ctr.GetProperty("high").GetDouble());
        Assert.True(variants[1].GetProperty("versusControl").GetProperty("ctr").GetProperty("pValue").GetDouble() < 0.01);
        Assert.Equal(6, json.RootElement.GetProperty("daily").GetArrayLength());
        var html = await File.ReadAllTextAsync(page);
        Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.Ordinal);
        Assert.Equal(3, CountOf(html, "aria-label=\"") - 1);
        Assert.Contains("<h2>Daily trend: CTR@10</h2>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.Ordinal);
        Assert.DoesNotContain("http", html.Replace("http-equiv", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Report_OfAnUnknownExperiment_SaysWhatWasRead()
    {
        using var cli = new TestCli();
        var exit = await cli.RunAsync(["experiments", "report", "--logs", _logs.Path, "--experiment", "nope"]);

        Assert.Equal(2, exit);
        Assert.Matches(@"^error: no impression of experiment 'nope' in 3 files for dt 2026-12-01 to 2026-12-03 \(\d+ lines read, 1 malformed\)\n$", cli.Error);
    }

    [Theory]
    [InlineData("--k", "0", "error: --k must be from 1 to 100 and --bootstrap from 100 to 100000\n")]
    [InlineData("--bootstrap", "5", "error: --k must be from 1 to 100 and --bootstrap from 100 to 100000\n")]
    [InlineData("--from", "12/01/2026", "error: --from '12/01/2026' is not a day (YYYY-MM-DD)\n")]
    [InlineData("--attribution", "soon", null)]
    public async Task Report_WithABadOption_NamesIt(string option, string value, string? message)
    {
        using var cli = new TestCli();
        var exit = await cli.RunAsync(["experiments", "report", "--logs", _logs.Path, "--experiment", "feed-dec", option, value]);

        Assert.Equal(2, exit);
        if (message is null)
        {
            Assert.StartsWith("error: --attribution: ", cli.Error, StringComparison.Ordinal);
        }
        else
        {
            Assert.Equal(message, cli.Error);
        }
    }

    private static int CountOf(string text, string part)
    {
        var count = 0;
        for (var at = text.IndexOf(part, StringComparison.Ordinal); at >= 0; at = text.IndexOf(part, at + 1, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    public void Dispose() => _logs.Dispose();
}
