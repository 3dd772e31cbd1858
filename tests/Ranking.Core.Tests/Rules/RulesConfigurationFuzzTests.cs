using Ranking.Contracts.Rules;
using Ranking.Core.Rules;
using Ranking.Testing.Fuzz;

namespace Ranking.Core.Tests.Rules;

/// <summary>
/// Seeded damage to a valid rules file (truncations, flipped, deleted and repeated characters): each either builds
/// rules every surface can use or is refused with a <see cref="FormatException"/> naming a key, never another exception.
/// </summary>
public sealed class RulesConfigurationFuzzTests
{
    private const string Valid = """
        {"feed": {"dropInactive": true,
          "diversity": [{"attribute": "sellerId", "max": 2, "window": 10}, {"attribute": "brand", "max": 3, "window": 20}],
          "boosts": [{"name": "promoted", "attribute": "promoted", "equals": 1, "add": 0.5},
                     {"name": "new", "attribute": "ageDays", "max": 7, "add": 0.2},
                     {"name": "brands", "attribute": "brand", "in": ["levis", "nike"], "add": -0.1}],
          "filters": [{"name": "cheap", "attribute": "price", "min": 0, "max": 2}, {"name": "kids", "attribute": "category", "notIn": ["shoes"]}]},
         "search": {"diversity": []}}
        """;

    private static readonly string[] s_surfaces = ["feed", "search"];

    [Fact]
    public void DamagedFiles_ParseOrAreRefusedByName_NeverAnotherException()
    {
        var random = new Random(20261205);
        var (parsed, refused) = (0, 0);
        for (var i = 0; i < 3000; i++)
        {
            var text = TextDamage.Apply(Valid, random);
            try
            {
                var rules = RulesConfiguration.Parse(text, s_surfaces);
                Assert.All(rules.Values, settings => _ = new SurfaceRules(settings));
                parsed++;
            }
            catch (FormatException e)
            {
                Assert.False(string.IsNullOrWhiteSpace(e.Message), text);
                refused++;
            }
        }

        // Both sides are reached, so the property was exercised rather than skipped.
        Assert.True(parsed > 30 && refused > 1000, $"parsed {parsed}, refused {refused}");
    }
}
