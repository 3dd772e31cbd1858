namespace Ranking.Core.Features;

/// <summary>Turns a declared <see cref="FeatureSpec"/> into a <see cref="CompiledFeature"/>, rejecting what cannot be computed.</summary>
internal static class FeatureCompiler
{
    public const string Log1p = "log1p";

    public static CompiledFeature Compile(FeatureSpec spec, string where)
    {
        if (spec.Transform is not null && spec.Transform != Log1p)
        {
            throw new ArgumentException($"{where}: transform '{spec.Transform}' is unknown (supported: {Log1p}).");
        }

        if (!double.IsFinite(spec.Default))
        {
            throw new ArgumentException($"{where}: default must be a finite number.");
        }

        var log1p = spec.Transform == Log1p;
        var field = spec.Field ?? "";
        var (kind, key) = spec.Source switch
        {
            FeatureSource.Candidate => (FeatureKind.CandidateNumber, Required(field, where)),
            FeatureSource.Item => Required(field, where) == "price" ? (FeatureKind.ItemPrice, field) : (FeatureKind.ItemNumber, field),
            FeatureSource.User => (FeatureKind.UserNumber, Required(field, where)),
            FeatureSource.Context => (FeatureKind.ContextNumber, Required(field, where)),
            FeatureSource.ItemAge => (FeatureKind.ItemAge, "listedAt"),
            FeatureSource.Affinity => (Affinity(field, where), field),
            FeatureSource.TextMatch => (FeatureKind.TextMatch, "title"),
            FeatureSource.OneHot => OneHot(spec, field, where),
            _ => throw new ArgumentException($"{where}: source '{spec.Source}' is unknown."),
        };

        var fallback = log1p ? CompiledFeature.SignedLog1p(spec.Default) : (float)spec.Default;
        return new CompiledFeature(kind, key, spec.Value, fallback, log1p);
    }

    private static string Required(string field, string where) =>
        field.Length > 0 ? field : throw new ArgumentException($"{where}: field is required for this source.");

    private static FeatureKind Affinity(string field, string where) => field switch
    {
        "brand" => FeatureKind.BrandAffinity,
        "category" => FeatureKind.CategoryAffinity,
        "size" => FeatureKind.SizeAffinity,
        _ => throw new ArgumentException($"{where}: affinity field must be brand, category or size, not '{field}'."),
    };

    private static (FeatureKind Kind, string Key) OneHot(FeatureSpec spec, string field, string where)
    {
        if (string.IsNullOrEmpty(spec.Value))
        {
            throw new ArgumentException($"{where}: one_hot needs a value.");
        }

        if (field.StartsWith("context.", StringComparison.Ordinal) && field.Length > "context.".Length)
        {
            return (FeatureKind.OneHotContext, field["context.".Length..]);
        }

        return field switch
        {
            "item.brand" => (FeatureKind.OneHotItemBrand, field),
            "item.category" => (FeatureKind.OneHotItemCategory, field),
            "item.size" => (FeatureKind.OneHotItemSize, field),
            "item.status" => (FeatureKind.OneHotItemStatus, field),
            "item.sellerId" => (FeatureKind.OneHotItemSeller, field),
            _ => throw new ArgumentException(
                $"{where}: one_hot field must be item.brand, item.category, item.size, item.status, item.sellerId or context.<key>, not '{field}'."),
        };
    }
}
