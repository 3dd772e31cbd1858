using Ranking.Core.Experiments;
using Ranking.Stores.Experiments;

namespace Ranking.Stores.Tests.Experiments;

/// <summary>
/// Seeded fuzzing of the stored experiment (serve's file, the table's row): a damaged document is refused with
/// <see cref="InvalidDataException"/>, and anything that parses is judged by the validator without an exception; one
/// that passes can be assigned and described.
/// </summary>
public sealed class ExperimentJsonFuzzTests
{
    private const string Valid = """
        {"id":"feed-dec","surface":"feed","mode":"ab","variants":[{"name":"control","model":"live","share":0.9},{"name":"treatment","model":"feed-ltr:3","share":0.1}],
         "salt":"s","guardrail":{"maxFallbackRate":0.05,"maxP99Ms":120,"window":300,"minRequests":50},"startedAt":"2026-12-01T09:00:00+00:00"}
        """;

    private static readonly string[] s_values = ["[null]", "null", "0", "-1", "1e308", "\"\"", "\"x\"", "[]", "{}", "true", "\"live\"", "\"a:\"", "\":b\"", "2.5", "\"interleave\""];

    [Fact]
    public void Read_OfDamagedDocuments_RefusesOrValidates_NeverThrowsAnythingElse()
    {
        var random = new Random(20261204);
        var (refused, invalid, valid) = (0, 0, 0);
        for (var round = 0; round < 3000; round++)
        {
            var document = Damage(Valid, random);
            Experiment experiment;
            try
            {
                experiment = ExperimentJson.Read(document, "fuzz");
            }
            catch (InvalidDataException)
            {
                refused++;
                continue;
            }

            if (ExperimentValidator.Problems(experiment).Count > 0)
            {
                invalid++;
                continue;
            }

            valid++;
            Assert.InRange(ExperimentAssignment.Variant(experiment, "u_1"), 0, experiment.Variants.Count - 1);
            Assert.NotEmpty(experiment.DescribeVariants());
        }

        // Every kind of outcome was reached, so the damage exercised each path.
        Assert.All(new[] { refused, invalid, valid }, n => Assert.True(n > 50, $"refused {refused}, invalid {invalid}, valid {valid}"));
    }

    private static string Damage(string document, Random random)
    {
        switch (random.Next(4))
        {
            case 0:
                return document[..random.Next(document.Length)];
            case 1:
                var at = random.Next(document.Length);
                return document[..at] + (char)random.Next(32, 127) + document[(at + 1)..];
            case 2:
                // A value replaced: after a random colon, up to the next comma or closing bracket.
                var colon = document.IndexOf(':', random.Next(document.Length));
                if (colon < 0)
                {
                    return document;
                }

                var end = document.IndexOfAny([',', '}', ']'], colon + 1);
                return end < 0 ? document : document[..(colon + 1)] + s_values[random.Next(s_values.Length)] + document[end..];
            default:
                return document;
        }
    }
}
