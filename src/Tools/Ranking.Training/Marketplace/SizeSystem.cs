namespace Ranking.Training.Marketplace;

/// <summary>The ordered sizes of one sizing scheme; users have one preferred size per scheme.</summary>
internal sealed record SizeSystem(string Name, string[] Sizes)
{
    public static SizeSystem Clothing { get; } = new("clothing", ["XS", "S", "M", "L", "XL"]);
    public static SizeSystem Waist { get; } = new("waist", ["W26", "W28", "W30", "W32", "W34", "W36"]);
    public static SizeSystem Shoes { get; } = new("shoes", ["36", "37", "38", "39", "40", "41", "42", "43", "44", "45"]);
    /// <summary>Bags and the like fit everyone.</summary>
    public static SizeSystem OneSize { get; } = new("one_size", ["OS"]);

    public static IReadOnlyList<SizeSystem> All { get; } = [Clothing, Waist, Shoes, OneSize];

    public int IndexOf(string size) => Array.IndexOf(Sizes, size);
}
