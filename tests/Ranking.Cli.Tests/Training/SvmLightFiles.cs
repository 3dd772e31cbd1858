using System.Globalization;
using System.Text;

namespace Ranking.Cli.Tests.Training;

/// <summary>Small labelled SVMlight files written for a test: relevance follows feature 1, so a model has something to learn.</summary>
internal static class SvmLightFiles
{
    /// <param name="extraFeatureId">When set, every row also carries this feature id, e.g. one the model has no column for.</param>
    public static string Write(string directory, string fileName, int queries, int rowsPerQuery, int features, int? extraFeatureId = null)
    {
        var text = new StringBuilder();
        for (var query = 1; query <= queries; query++)
        {
            for (var row = 0; row < rowsPerQuery; row++)
            {
                var signal = (row * 7 + query * 3) % rowsPerQuery;
                text.Append(CultureInfo.InvariantCulture, $"{signal * 4 / rowsPerQuery} qid:{query}");
                for (var feature = 1; feature <= features; feature++)
                {
                    var value = feature == 1 ? signal / (double)rowsPerQuery : ((row + feature * query) % 5) / 5.0;
                    text.Append(CultureInfo.InvariantCulture, $" {feature}:{value}");
                }

                if (extraFeatureId is { } extra)
                {
                    text.Append(CultureInfo.InvariantCulture, $" {extra}:1");
                }

                text.Append('\n');
            }
        }

        var path = Path.Combine(directory, fileName);
        File.WriteAllText(path, text.ToString());
        return path;
    }
}
