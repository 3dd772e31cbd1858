using Ranking.Training.Training;

namespace Ranking.Training.Tests.Training;

public sealed class LambdaMartOptionsTests
{
    [Theory]
    [InlineData("xendcg", null, "Objective must be one of lambdarank, rank_xendcg, not 'xendcg'.")]
    [InlineData("lambdarank", "0,-1,3", "LabelGain[1] must be a non-negative number, not -1.")]
    [InlineData("lambdarank", "0,3,1,7", "LabelGain must be non-decreasing, but entry 2 (1) is below entry 1 (3).")]
    [InlineData("rank_xendcg", "0,NaN", "LabelGain[1] must be a non-negative number, not NaN.")]
    public void Validate_BadObjectiveOrLabelGain_NamesTheProblem(string objective, string? labelGain, string message)
    {
        var options = new LambdaMartOptions { Objective = objective, LabelGain = labelGain is null ? null : LambdaMartOptions.ParseLabelGain(labelGain) };

        var error = Assert.Throws<ArgumentException>(options.Validate);

        Assert.Equal(message, error.Message);
    }

    [Theory]
    [InlineData(0, "TruncationLevel must be a positive number of positions, not 0.")]
    public void Validate_TruncationLevelOutOfRange_NamesIt(int level, string message)
    {
        var error = Assert.Throws<ArgumentException>(new LambdaMartOptions { TruncationLevel = level }.Validate);

        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void ParseLabelGain_NotANumber_NamesTheEntry()
    {
        var error = Assert.Throws<ArgumentException>(() => LambdaMartOptions.ParseLabelGain("0, 1,x"));

        Assert.Equal("LabelGain entry 2 ('x') is not a number.", error.Message);
    }

    [Fact]
    public void ValidateLabels_LabelBeyondTheGains_SaysHowManyAreNeeded()
    {
        var options = new LambdaMartOptions { LabelGain = [0, 1, 3] };

        var error = Assert.Throws<ArgumentException>(() => options.ValidateLabels([0, 2, 4, 1], "training"));

        Assert.Equal("LabelGain has 3 entries but the training data has label 4: give one gain per label 0..4, at least 5 entries.", error.Message);
    }

    [Fact]
    public void ValidateLabels_FractionalLabel_IsRefusedWithAGainList()
    {
        var error = Assert.Throws<ArgumentException>(() => new LambdaMartOptions { LabelGain = [0, 1, 3] }.ValidateLabels([0, 1.5f], "validation"));

        Assert.Equal("LabelGain needs non-negative integer labels, but the validation data has label 1.5.", error.Message);
    }

    [Fact]
    public void LightGbmParameters_CarryObjectiveTruncationAndLabelGain()
    {
        var parameters = new LambdaMartOptions { Objective = "rank_xendcg", TruncationLevel = 10, LabelGain = [0, 1, 2.5] }.ToLightGbmParameters();

        Assert.StartsWith("objective=rank_xendcg ", parameters, StringComparison.Ordinal);
        Assert.Contains(" lambdarank_truncation_level=10 ", parameters, StringComparison.Ordinal);
        Assert.EndsWith(" label_gain=0,1,2.5", parameters, StringComparison.Ordinal);
        Assert.DoesNotContain("label_gain", new LambdaMartOptions().ToLightGbmParameters(), StringComparison.Ordinal);
    }
}
