using System.Globalization;

namespace Ranking.Training.Datasets;

/// <summary>
/// The label an event type gives a logged item (the max over the item's attributed events). The types are the Events API's,
/// fixed because the dataset SQL takes one grade parameter per type.
/// </summary>
public sealed class EventGrades
{
    /// <summary>The Events API's types, in the order of the SQL's grade parameters.</summary>
    public static readonly IReadOnlyList<string> Types = ["view", "click", "like", "add_to_cart", "purchase"];

    /// <summary>DESIGN.md's grades: purchase 3, add_to_cart 2, like and click 1, view 0.</summary>
    public static readonly EventGrades Default = new([0, 1, 1, 2, 3]);

    /// <summary>LightGBM's default label_gain has 31 entries: a higher label would need a custom gain table.</summary>
    public const int MaxGrade = 30;

    private readonly int[] _grades;

    private EventGrades(int[] grades) => _grades = grades;

    /// <summary>Grades in the order of <see cref="Types"/>.</summary>
    public IReadOnlyList<int> Values => _grades;

    public int this[string type] => _grades[IndexOf(type)];

    /// <summary>
    /// Reads <c>purchase=3,add_to_cart=2,click=1</c>: the types named get their grade, the others 0, so the text says all
    /// that counts.
    /// </summary>
    /// <exception cref="FormatException">An entry is not <c>type=grade</c>, names an unknown type or repeats one, or a grade is not 0..30.</exception>
    public static EventGrades Parse(string text)
    {
        var grades = new int[Types.Count];
        var seen = new bool[Types.Count];
        foreach (var entry in text.Split(',', StringSplitOptions.TrimEntries))
        {
            var equals = entry.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new FormatException($"'{entry}' is not type=grade");
            }

            var type = entry[..equals].Trim();
            var index = IndexOf(type);
            if (index < 0)
            {
                throw new FormatException($"'{type}' is not an event type ({string.Join(", ", Types)})");
            }

            if (seen[index])
            {
                throw new FormatException($"'{type}' is given twice");
            }

            if (!int.TryParse(entry.AsSpan(equals + 1).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var grade) || grade > MaxGrade)
            {
                throw new FormatException($"the grade in '{entry}' is not a whole number from 0 to {MaxGrade}");
            }

            seen[index] = true;
            grades[index] = grade;
        }

        return new EventGrades(grades);
    }

    public override string ToString() =>
        string.Join(',', Types.Select((type, i) => string.Create(CultureInfo.InvariantCulture, $"{type}={_grades[i]}")));

    private static int IndexOf(string type)
    {
        for (var i = 0; i < Types.Count; i++)
        {
            if (string.Equals(Types[i], type, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }
}
