using System.Text.Json;

namespace Ranking.Training.Marketplace;

/// <summary>
/// <c>truth/truth.jsonl</c>: one line per shown item, in session then position order, with the probabilities its
/// behaviour was drawn from (<see cref="ClickModel"/>), full precision. What the logs only let a learner estimate
/// (position bias, true relevance) is here exactly, to grade a debiasing method or a simulator against.
/// </summary>
internal static class SampleTruth
{
    public static void Write(MarketplaceSample sample, string path)
    {
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 64 * 1024);
        using var writer = new Utf8JsonWriter(stream);
        foreach (var session in sample.Sessions)
        {
            var truth = SampleLogs.TruthOf(session);
            for (var k = 0; k < session.Items.Count; k++)
            {
                writer.Reset(stream);
                writer.WriteStartObject();
                writer.WriteString("impressionId", session.SessionId);
                writer.WriteString("surface", session.Surface);
                writer.WriteString("itemId", session.Items[k]);
                writer.WriteNumber("position", k + 1);
                writer.WriteNumber("examination", truth.Examination[k]);
                writer.WriteNumber("clickGivenExamined", truth.Click[k]);
                writer.WriteNumber("purchaseGivenClick", truth.Purchase[k]);
                WriteIntent(writer, truth.Intent);
                writer.WriteEndObject();
                writer.Flush();
                stream.WriteByte((byte)'\n');
            }
        }
    }

    private static void WriteIntent(Utf8JsonWriter writer, SearchIntent? intent)
    {
        if (intent is null)
        {
            writer.WriteNull("intent");
            return;
        }

        writer.WriteStartObject("intent");
        writer.WriteString("category", Catalog.Categories[intent.Category].Name);
        writer.WriteString("brand", intent.Brand >= 0 ? Catalog.Brands[intent.Brand].Name : null);
        writer.WriteString("descriptor", intent.Descriptor);
        writer.WriteString("query", intent.Query);
        writer.WriteEndObject();
    }
}
