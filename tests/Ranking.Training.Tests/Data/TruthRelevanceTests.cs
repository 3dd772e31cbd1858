using Ranking.Training.Data;

namespace Ranking.Training.Tests.Data;

/// <summary>Matching the sample's truth to logged rows by impression and position.</summary>
public sealed class TruthRelevanceTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("ranking-truth-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Of_GivesEachRowTheTrueClickProbabilityOfItsImpressionAndPosition()
    {
        var truth = TruthRelevance.Read(WriteTruth(
            """{"impressionId":"f_1","position":1,"examination":1,"clickGivenExamined":0.25}""",
            """{"impressionId":"f_1","position":2,"examination":0.7,"clickGivenExamined":0.75}"""));
        var data = new RankingDataset(["x"], [1f, 2f], [0f, 1f], [2], ["f_1"]) { Positions = [2, 1] };

        Assert.Equal([0.75f, 0.25f], TruthRelevance.Of(data, truth));
    }

    [Fact]
    public void Of_ARowWithoutTruth_NamesItsImpressionAndPosition()
    {
        var truth = TruthRelevance.Read(WriteTruth("""{"impressionId":"f_1","position":1,"clickGivenExamined":0.25}"""));
        var data = new RankingDataset(["x"], [1f], [0f], [1], ["f_9"]) { Positions = [1] };

        var error = Assert.Throws<InvalidDataException>(() => TruthRelevance.Of(data, truth));

        Assert.Equal("The truth has no row for impression 'f_9' position 1: it is not the truth of these logs.", error.Message);
    }

    [Fact]
    public void Read_ALineWithoutTheProbability_NamesTheLine()
    {
        var path = WriteTruth("""{"impressionId":"f_1","position":1,"clickGivenExamined":0.25}""", """{"impressionId":"f_1","position":2}""");

        var error = Assert.Throws<InvalidDataException>(() => TruthRelevance.Read(path));

        Assert.StartsWith($"{Path.Combine(path, "truth.jsonl")}:2: not a truth line", error.Message, StringComparison.Ordinal);
    }

    private string WriteTruth(params string[] lines)
    {
        File.WriteAllLines(Path.Combine(_directory, "truth.jsonl"), lines);
        return _directory;
    }
}
