using Ranking.Core.Data;
using Ranking.Core.Features;

namespace Ranking.Core.Tests.Features;

public sealed class FeaturePlanTests
{
    private static readonly DateTimeOffset s_now = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly ItemRecord s_item = new()
    {
        ItemId = "i_1",
        SellerId = "s_1",
        Title = "Vintage Levis 501 jeans",
        Brand = "levis",
        Category = "jeans",
        Size = "M",
        Price = 40,
        ListedAt = s_now.AddDays(-10),
        Numbers = new() { ["likes"] = 7 },
    };

    private static readonly UserRecord s_user = new()
    {
        UserId = "u_1",
        Numbers = new() { ["orders"] = 3 },
        BrandAffinity = new() { ["levis"] = 0.8 },
        CategoryAffinity = new() { ["jeans"] = 0.5 },
        SizeAffinity = new() { ["M"] = 0.25 },
    };

    private static FeatureSpec Spec(string name, FeatureSource source, string? field = null, string? value = null, double fallback = 0, string? transform = null) =>
        new() { Name = name, Source = source, Field = field, Value = value, Default = fallback, Transform = transform };

    private static readonly FeatureSpec[] s_allSources =
    [
        Spec("retrieval", FeatureSource.Candidate, "retrieval_score", fallback: -1),
        Spec("price", FeatureSource.Item, "price"),
        Spec("likes_log", FeatureSource.Item, "likes", transform: "log1p"),
        Spec("orders", FeatureSource.User, "orders", fallback: -2),
        Spec("hour", FeatureSource.Context, "hour", fallback: 12),
        Spec("age", FeatureSource.ItemAge, fallback: 30),
        Spec("brand_aff", FeatureSource.Affinity, "brand"),
        Spec("category_aff", FeatureSource.Affinity, "category"),
        Spec("size_aff", FeatureSource.Affinity, "size"),
        Spec("title_match", FeatureSource.TextMatch),
        Spec("is_ios", FeatureSource.OneHot, "context.platform", "ios"),
        Spec("is_jeans", FeatureSource.OneHot, "item.category", "jeans"),
    ];

    private static (float[] Matrix, int Missing) Fill(FeaturePlan plan, FeatureContext context, Candidate[] candidates, ItemRecord?[] items)
    {
        var matrix = new float[candidates.Length * plan.Width];
        var missing = plan.Fill(context, candidates, items, matrix);
        return (matrix, missing);
    }

    [Fact]
    public void Fill_WithEverySource_ComputesEachColumn()
    {
        var plan = FeaturePlan.Compile(s_allSources);
        var context = new FeatureContext
        {
            User = s_user,
            Query = "levis JEANS skirt",
            Context = new Dictionary<string, ContextValue> { ["hour"] = ContextValue.Of(9), ["platform"] = ContextValue.Of("iOS") },
            Now = s_now,
        };
        var candidate = new Candidate("i_1", new Dictionary<string, double> { ["retrieval_score"] = 2.5 });

        var (row, missing) = Fill(plan, context, [candidate], [s_item]);

        float[] expected = [2.5f, 40f, MathF.Log(8f), 3f, 9f, 10f, 0.8f, 0.5f, 0.25f, 2f / 3f, 1f, 1f];
        Assert.Equal(expected.Length, plan.Width);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - row[i]) < 1e-6, $"{s_allSources[i].Name}: expected {expected[i]}, got {row[i]}");
        }

        Assert.Equal(0, missing);
    }

    [Fact]
    public void Fill_WithMissingItemUserAndContext_UsesDefaultsAndCountsThem()
    {
        var plan = FeaturePlan.Compile(s_allSources);
        var context = new FeatureContext { Now = s_now };

        var (row, missing) = Fill(plan, context, [new Candidate("unknown")], [null]);

        float[] expected = [-1f, 0f, 0f, -2f, 12f, 30f, 0f, 0f, 0f, 0f, 0f, 0f];
        Assert.Equal(expected, row);
        // Every column counts except text match and affinities... which count too, because the item itself is missing.
        Assert.Equal(plan.Width, missing);
    }

    [Fact]
    public void Fill_WithKnownItemButNoAffinityEntry_DoesNotCountItAsMissing()
    {
        var plan = FeaturePlan.Compile([Spec("brand_aff", FeatureSource.Affinity, "brand", fallback: 0.1)]);
        var context = new FeatureContext { User = new UserRecord { UserId = "u_2" }, Now = s_now };

        var (row, missing) = Fill(plan, context, [new Candidate("i_1")], [s_item]);

        Assert.Equal(0.1f, row[0]);
        Assert.Equal(0, missing);
    }

    [Fact]
    public void Fill_WithSeveralCandidates_FillsOneRowEach()
    {
        var plan = FeaturePlan.Compile([Spec("price", FeatureSource.Item, "price"), Spec("orders", FeatureSource.User, "orders")]);
        var cheap = new ItemRecord { ItemId = "i_2", Price = 5 };
        var context = new FeatureContext { User = s_user, Now = s_now };

        var (matrix, _) = Fill(plan, context, [new("i_1"), new("i_2")], [s_item, cheap]);

        Assert.Equal([40f, 3f, 5f, 3f], matrix);
    }

    [Fact]
    public void Fill_WithTwoPlansReadingTheSameItem_KeepsEachPlansCachedColumns()
    {
        // Item-only values are cached on the item per plan: alternating plans must not see each other's values.
        var byPrice = FeaturePlan.Compile([Spec("price", FeatureSource.Item, "price"), Spec("missing", FeatureSource.Item, "nope", fallback: 9)]);
        var byLikes = FeaturePlan.Compile([Spec("likes", FeatureSource.Item, "likes"), Spec("jeans", FeatureSource.OneHot, "item.category", "jeans")]);
        var context = new FeatureContext { Now = s_now };

        for (var round = 0; round < 2; round++)
        {
            var (price, missing) = Fill(byPrice, context, [new("i_1")], [s_item]);
            var (likes, _) = Fill(byLikes, context, [new("i_1")], [s_item]);

            Assert.Equal([40f, 9f], price);
            Assert.Equal(1, missing);
            Assert.Equal([7f, 1f], likes);
        }
    }

    [Fact]
    public void Fill_WithMorePlansThanTheCacheHolds_StillComputesEachCorrectly()
    {
        var plans = Enumerable.Range(0, ItemFeatureCache.MaxPlans + 2)
            .Select(i => FeaturePlan.Compile([Spec("price", FeatureSource.Item, "price"), Spec($"likes{i}", FeatureSource.Item, "likes")]))
            .ToList();
        var item = new ItemRecord { ItemId = "i", Price = 3, Numbers = new() { ["likes"] = 5 } };

        foreach (var plan in plans.Concat(plans))
        {
            Assert.Equal([3f, 5f], Fill(plan, new FeatureContext { Now = s_now }, [new("i")], [item]).Matrix);
        }

        var depth = 0;
        for (var node = item.FeatureCache; node is not null; node = node.Next)
        {
            depth++;
        }

        Assert.Equal(ItemFeatureCache.MaxPlans, depth);
    }

    [Fact]
    public void Fill_WithSuppliedNumberBeyondFloatRange_ClampsInsteadOfOverflowing()
    {
        // 1e39 is a finite double (the request validator accepts it) but overflows a float to infinity.
        var plan = FeaturePlan.Compile([Spec("retrieval", FeatureSource.Candidate, "r")]);
        Candidate[] candidates = [new("a", new() { ["r"] = 1e39 }), new("b", new() { ["r"] = -1e39 })];

        var (matrix, _) = Fill(plan, new FeatureContext { Now = s_now }, candidates, [null, null]);

        Assert.Equal([float.MaxValue, float.MinValue], matrix);
    }

    [Fact]
    public void Fill_WithItemListedInTheFuture_ClampsAgeToZero()
    {
        var plan = FeaturePlan.Compile([Spec("age", FeatureSource.ItemAge)]);
        var future = new ItemRecord { ItemId = "i_3", ListedAt = s_now.AddDays(2) };

        var (row, _) = Fill(plan, new FeatureContext { Now = s_now }, [new("i_3")], [future]);

        Assert.Equal(0f, row[0]);
    }

    [Fact]
    public void Log1p_AppliesToDefaultsToo()
    {
        var plan = FeaturePlan.Compile([Spec("likes", FeatureSource.Item, "likes", fallback: Math.E - 1, transform: "log1p")]);

        var (row, _) = Fill(plan, new FeatureContext { Now = s_now }, [new("x")], [null]);

        Assert.Equal(1f, row[0], 5);
    }

    [Theory]
    [InlineData("affinity", "colour", "affinity field must be brand, category or size")]
    [InlineData("one_hot", "item.colour", "one_hot field must be")]
    [InlineData("item", "", "field is required")]
    public void Compile_WithBadField_NamesTheFeature(string source, string field, string expected)
    {
        var spec = new FeatureSpec
        {
            Name = "bad",
            Source = source switch { "affinity" => FeatureSource.Affinity, "one_hot" => FeatureSource.OneHot, _ => FeatureSource.Item },
            Field = field,
            Value = "x",
        };

        var error = Assert.Throws<ArgumentException>(() => FeaturePlan.Compile([spec]));

        Assert.Contains("features[0] ('bad')", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Compile_WithDuplicateNamesOrUnknownTransform_Fails()
    {
        Assert.Throws<ArgumentException>(() => FeaturePlan.Compile([Spec("a", FeatureSource.ItemAge), Spec("a", FeatureSource.ItemAge)]));
        Assert.Throws<ArgumentException>(() => FeaturePlan.Compile([Spec("a", FeatureSource.ItemAge, transform: "sqrt")]));
        Assert.Throws<ArgumentException>(() => FeaturePlan.Compile([]));
    }

    [Theory]
    [InlineData("", "Levis jeans", 0f)]
    [InlineData("levis", "Vintage LEVIS 501", 1f)]
    [InlineData("levis levis jeans", "levis shirt", 0.5f)]
    [InlineData("lev", "levis", 0f)]
    [InlineData("501 dress", "501-jeans, blue", 0.5f)]
    public void TextMatch_CountsWholeWordsIgnoringCaseAndRepeats(string query, string title, float expected)
    {
        var plan = FeaturePlan.Compile([Spec("m", FeatureSource.TextMatch)]);
        var item = new ItemRecord { ItemId = "i", Title = title };

        var (row, _) = Fill(plan, new FeatureContext { Query = query, Now = s_now }, [new("i")], [item]);

        Assert.Equal(expected, row[0], 5);
    }
}
