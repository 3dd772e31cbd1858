using Ranking.Core.Data;

namespace Ranking.Core.Features;

/// <summary>
/// A model's feature list compiled once at load: fills a <c>candidates x Width</c> row-major float matrix
/// from the request, the user and the items, with no allocation per candidate. Training builds its rows
/// through the same plan, so a model sees the same numbers offline and online.
/// </summary>
public sealed class FeaturePlan
{
    private readonly CompiledFeature[] _columns;
    private readonly bool _needsQuery;
    /// <summary>Columns that depend on the item alone, in order; their values are cached per item.</summary>
    private readonly int[] _itemColumns;
    /// <summary>Per column, its index in <see cref="_itemColumns"/>, or -1.</summary>
    private readonly int[] _itemSlot;

    private FeaturePlan(IReadOnlyList<FeatureSpec> features, CompiledFeature[] columns)
    {
        Features = features;
        _columns = columns;
        _needsQuery = Array.Exists(columns, c => c.Kind == FeatureKind.TextMatch);
        _itemSlot = new int[columns.Length];
        var itemColumns = new List<int>();
        for (var c = 0; c < columns.Length; c++)
        {
            _itemSlot[c] = columns[c].ItemOnly ? itemColumns.Count : -1;
            if (columns[c].ItemOnly)
            {
                itemColumns.Add(c);
            }
        }

        _itemColumns = [.. itemColumns];
    }

    public IReadOnlyList<FeatureSpec> Features { get; }

    /// <summary>The number of columns, one per feature, in manifest order.</summary>
    public int Width => _columns.Length;

    /// <summary>Whether <paramref name="other"/> computes exactly these columns in this order, so one matrix serves both.</summary>
    public bool HasSameFeatures(FeaturePlan other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.Features.Count != Features.Count)
        {
            return false;
        }

        for (var i = 0; i < Features.Count; i++)
        {
            var (a, b) = (Features[i], other.Features[i]);
            if (!string.Equals(a.Name, b.Name, StringComparison.Ordinal) || a.Source != b.Source || !string.Equals(a.Field, b.Field, StringComparison.Ordinal)
                || !string.Equals(a.Value, b.Value, StringComparison.Ordinal) || !a.Default.Equals(b.Default) || !string.Equals(a.Transform, b.Transform, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    /// <exception cref="ArgumentException">A feature is malformed; the message names it.</exception>
    public static FeaturePlan Compile(IReadOnlyList<FeatureSpec> features)
    {
        ArgumentNullException.ThrowIfNull(features);
        if (features.Count == 0)
        {
            throw new ArgumentException("A model needs at least one feature.", nameof(features));
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        var columns = new CompiledFeature[features.Count];
        for (var i = 0; i < features.Count; i++)
        {
            var spec = features[i];
            if (string.IsNullOrWhiteSpace(spec.Name))
            {
                throw new ArgumentException($"features[{i}].name must be a non-empty string.", nameof(features));
            }

            if (!names.Add(spec.Name))
            {
                throw new ArgumentException($"features[{i}].name '{spec.Name}' appears twice.", nameof(features));
            }

            columns[i] = FeatureCompiler.Compile(spec, $"features[{i}] ('{spec.Name}')");
        }

        return new FeaturePlan(features, columns);
    }

    /// <summary>
    /// Fills <paramref name="matrix"/> (row-major, <c>candidates.Length x Width</c>); <paramref name="items"/>[i]
    /// is the stored item of candidates[i], or null when the store has none (its features take defaults).
    /// </summary>
    /// <returns>How many values fell back to their default because their source had none.</returns>
    public int Fill(FeatureContext context, ReadOnlySpan<Candidate> candidates, ReadOnlySpan<ItemRecord?> items, Span<float> matrix)
    {
        ArgumentNullException.ThrowIfNull(context);
        var rows = candidates.Length;
        if (items.Length != rows)
        {
            throw new ArgumentException($"items has {items.Length} entries for {rows} candidates.", nameof(items));
        }

        if (matrix.Length < rows * Width)
        {
            throw new ArgumentException($"matrix holds {matrix.Length} values, {rows * Width} needed.", nameof(matrix));
        }

        var query = _needsQuery ? QueryTokens.Parse(context.Query) : QueryTokens.Empty;
        Span<float> perRequest = Width <= 256 ? stackalloc float[Width] : new float[Width];
        var missingPerRow = FillPerRequest(context, perRequest);
        var missing = missingPerRow * rows;

        for (var r = 0; r < rows; r++)
        {
            var row = matrix.Slice(r * Width, Width);
            var item = items[r];
            var itemValues = item is null || _itemColumns.Length == 0 ? null : ItemValues(item);
            var supplied = candidates[r].Features;
            for (var c = 0; c < _columns.Length; c++)
            {
                ref readonly var column = ref _columns[c];
                if (column.PerRequest)
                {
                    row[c] = perRequest[c];
                    continue;
                }

                var slot = _itemSlot[c];
                if (slot >= 0)
                {
                    var cached = itemValues is null ? float.NaN : itemValues[slot];
                    if (float.IsNaN(cached))
                    {
                        row[c] = column.Default;
                        missing++;
                    }
                    else
                    {
                        row[c] = cached;
                    }

                    continue;
                }

                if (TryCandidateValue(column, item, supplied, context, query, out var value))
                {
                    row[c] = value;
                }
                else
                {
                    row[c] = column.Default;
                    if (CountsAsMissing(column.Kind, item))
                    {
                        missing++;
                    }
                }
            }
        }

        return missing;
    }

    /// <summary>The item-only column values of <paramref name="item"/>, computed once per item and plan (NaN = attribute missing).</summary>
    private float[] ItemValues(ItemRecord item)
    {
        var cached = item.FeatureCache;
        if (cached?.Find(this) is { } found)
        {
            return found;
        }

        var values = new float[_itemColumns.Length];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = TryItemValue(_columns[_itemColumns[i]], item, out var value) ? value : float.NaN;
        }

        // Two requests racing here compute the same values; losing one write only costs a recomputation.
        item.FeatureCache = ItemFeatureCache.Prepend(this, values, cached);
        return values;
    }

    private int FillPerRequest(FeatureContext context, Span<float> values)
    {
        var missing = 0;
        for (var c = 0; c < _columns.Length; c++)
        {
            ref readonly var column = ref _columns[c];
            if (!column.PerRequest)
            {
                continue;
            }

            if (TryRequestValue(column, context, out var value))
            {
                values[c] = value;
            }
            else
            {
                values[c] = column.Default;
                missing++;
            }
        }

        return missing;
    }

    private static bool TryRequestValue(in CompiledFeature column, FeatureContext context, out float value)
    {
        value = 0;
        switch (column.Kind)
        {
            case FeatureKind.UserNumber:
                if (context.User is { } user && user.Numbers.TryGetValue(column.Key, out var number))
                {
                    value = column.Apply(number);
                    return true;
                }

                return false;
            case FeatureKind.ContextNumber:
                if (context.Context is { } ctx && ctx.TryGetValue(column.Key, out var cv) && cv.IsNumber)
                {
                    value = column.Apply(cv.Number);
                    return true;
                }

                return false;
            case FeatureKind.OneHotContext:
                if (context.Context is { } values && values.TryGetValue(column.Key, out var text))
                {
                    value = !text.IsNumber && string.Equals(text.Text, column.Value, StringComparison.OrdinalIgnoreCase) ? 1f : 0f;
                    return true;
                }

                return false;
            default:
                throw new InvalidOperationException($"{column.Kind} is not a per-request feature.");
        }
    }

    private static bool TryCandidateValue(
        in CompiledFeature column,
        ItemRecord? item,
        Dictionary<string, double>? supplied,
        FeatureContext context,
        QueryTokens query,
        out float value)
    {
        value = 0;
        switch (column.Kind)
        {
            case FeatureKind.CandidateNumber:
                if (supplied is not null && supplied.TryGetValue(column.Key, out var given))
                {
                    value = column.Apply(given);
                    return true;
                }

                return false;
            case FeatureKind.TextMatch:
                if (item is null || query.Count == 0)
                {
                    return false;
                }

                value = column.Apply(query.MatchShare(item.Title));
                return true;
        }

        if (item is null)
        {
            return false;
        }

        switch (column.Kind)
        {
            case FeatureKind.ItemAge:
                if (item.ListedAt is not { } listedAt)
                {
                    return false;
                }

                value = column.Apply(Math.Max(0, (context.Now - listedAt).TotalDays));
                return true;
            case FeatureKind.BrandAffinity:
                return TryAffinity(column, context.User?.BrandAffinity, item.Brand, out value);
            case FeatureKind.CategoryAffinity:
                return TryAffinity(column, context.User?.CategoryAffinity, item.Category, out value);
            case FeatureKind.SizeAffinity:
                return TryAffinity(column, context.User?.SizeAffinity, item.Size, out value);
            default:
                throw new InvalidOperationException($"{column.Kind} is not a per-candidate feature.");
        }
    }

    private static bool TryItemValue(in CompiledFeature column, ItemRecord item, out float value)
    {
        value = 0;
        switch (column.Kind)
        {
            case FeatureKind.ItemPrice:
                value = column.Apply(item.Price);
                return true;
            case FeatureKind.ItemNumber:
                if (item.Numbers.TryGetValue(column.Key, out var number))
                {
                    value = column.Apply(number);
                    return true;
                }

                return false;
            case FeatureKind.OneHotItemBrand:
                value = OneHot(item.Brand, column.Value);
                return true;
            case FeatureKind.OneHotItemCategory:
                value = OneHot(item.Category, column.Value);
                return true;
            case FeatureKind.OneHotItemSize:
                value = OneHot(item.Size, column.Value);
                return true;
            case FeatureKind.OneHotItemStatus:
                value = OneHot(item.Status, column.Value);
                return true;
            case FeatureKind.OneHotItemSeller:
                value = OneHot(item.SellerId, column.Value);
                return true;
            default:
                throw new InvalidOperationException($"{column.Kind} is not an item-only feature.");
        }
    }

    private static bool TryAffinity(in CompiledFeature column, Dictionary<string, double>? affinity, string key, out float value)
    {
        if (affinity is not null && affinity.TryGetValue(key, out var weight))
        {
            value = column.Apply(weight);
            return true;
        }

        value = 0;
        return false;
    }

    private static float OneHot(string actual, string? expected) =>
        string.Equals(actual, expected, StringComparison.OrdinalIgnoreCase) ? 1f : 0f;

    /// <summary>
    /// A defaulted value counts as missing data only when a record or attribute that should exist is absent:
    /// a user without an entry for a brand, or a request without a query, is the normal case.
    /// </summary>
    private static bool CountsAsMissing(FeatureKind kind, ItemRecord? item) =>
        kind switch
        {
            FeatureKind.BrandAffinity or FeatureKind.CategoryAffinity or FeatureKind.SizeAffinity => item is null,
            FeatureKind.TextMatch => item is null,
            _ => true,
        };
}
