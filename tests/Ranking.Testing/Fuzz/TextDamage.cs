using System.Text;

namespace Ranking.Testing.Fuzz;

/// <summary>Seeded damage to a valid document: one to three truncations, flipped, deleted or repeated runs of characters.</summary>
public static class TextDamage
{
    private static readonly char[] s_palette = ['{', '}', '[', ']', '"', ',', ':', '0', '9', '-', '.', 'e', 'x', ' ', '\\', 'é'];

    public static string Apply(string text, Random random)
    {
        var builder = new StringBuilder(text);
        for (var edits = 1 + random.Next(3); edits > 0 && builder.Length > 0; edits--)
        {
            var at = random.Next(builder.Length);
            switch (random.Next(4))
            {
                case 0:
                    builder.Length = at;
                    break;
                case 1:
                    builder[at] = s_palette[random.Next(s_palette.Length)];
                    break;
                case 2:
                    builder.Remove(at, Math.Min(1 + random.Next(8), builder.Length - at));
                    break;
                default:
                    builder.Insert(at, builder.ToString(at, Math.Min(1 + random.Next(8), builder.Length - at)));
                    break;
            }
        }

        return builder.ToString();
    }
}
