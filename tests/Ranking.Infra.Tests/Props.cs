using Amazon.CDK.Assertions;

namespace Ranking.Infra.Tests;

/// <summary>Short spellings for the nested dictionaries <c>Match.ObjectLike</c> takes.</summary>
internal static class Props
{
    public static Dictionary<string, object> Of(params (string Key, object Value)[] entries)
    {
        var map = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var (key, value) in entries)
        {
            map[key] = value;
        }

        return map;
    }

    public static Matcher Like(params (string Key, object Value)[] entries) => Match.ObjectLike(Of(entries));
}
