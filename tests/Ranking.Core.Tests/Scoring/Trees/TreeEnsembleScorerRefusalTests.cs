using Google.Protobuf;
using Ranking.Core.Scoring.Trees;
using Ranking.Training.Onnx.Proto;

namespace Ranking.Core.Tests.Scoring.Trees;

/// <summary>What the native scorer will not score: refused with a reason (the caller keeps ONNX Runtime) or thrown.</summary>
public sealed class TreeEnsembleScorerRefusalTests
{
    [Fact]
    public void TryCreate_TwoTargets_ThrowsNamingNTargets()
    {
        var builder = Small();
        builder.Targets = 2;

        var error = Assert.Throws<InvalidDataException>(() => TryCreate(builder.Build(), out _));

        Assert.Contains("n_targets 2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryCreate_ABranchMemberNode_IsNotRepresentable()
    {
        var builder = Small();
        builder.SetMode(0, "BRANCH_MEMBER");

        Assert.False(TryCreate(builder.Build(), out var reason));
        Assert.Contains("BRANCH_MEMBER", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void TryCreate_AGraphWithANodeAfterTheTrees_IsNotRepresentable()
    {
        var builder = Small();
        builder.ExtraNodes.Add(new NodeProto { OpType = "Sigmoid", Input = { "raw" }, Output = { OnnxEnsembleBuilder.Output } });

        Assert.False(TryCreate(builder.Build(), out var reason));
        Assert.Contains("2 nodes", reason, StringComparison.Ordinal);
        Assert.Contains("Sigmoid", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void TryCreate_AGraphWithoutATreeEnsemble_IsNotRepresentable()
    {
        var model = new ModelProto
        {
            Graph = new GraphProto
            {
                Node = { new NodeProto { OpType = "MatMul", Input = { "X", "W" }, Output = { "Y" } } },
                Input = { new ValueInfoProto { Name = "X" } },
                Output = { new ValueInfoProto { Name = "Y" } },
            },
        };

        Assert.False(TryCreate(model.ToByteArray(), out var reason));
        Assert.Contains("MatMul", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void TryCreate_APostTransform_IsNotRepresentable()
    {
        var builder = Small();
        builder.PostTransform = "LOGISTIC";

        Assert.False(TryCreate(builder.Build(), out var reason));
        Assert.Contains("LOGISTIC", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void TryCreate_ALeafWeightForAnotherTarget_IsNotRepresentable()
    {
        var builder = new OnnxEnsembleBuilder(2);
        builder.Split(0, 0, 1, "BRANCH_LEQ", 0.5f, 1, 2, missingTrue: false);
        builder.Leaf(0, 1, 1f);
        builder.Leaf(0, 2, 2f, target: 1);

        Assert.False(TryCreate(builder.Build(), out var reason));
        Assert.Contains("target 1", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void TryCreate_AnInputTheModelDoesNotHave_ThrowsNamingTheOnesItHas()
    {
        var error = Assert.Throws<InvalidDataException>(() => TreeEnsembleScorer.TryCreate(Small().Build(), "nope", OnnxEnsembleBuilder.Output, 2, out _, out _));

        Assert.Contains("no input 'nope'", error.Message, StringComparison.Ordinal);
        Assert.Contains(OnnxEnsembleBuilder.Input, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryCreate_AnOutputTheModelDoesNotHave_ThrowsNamingIt()
    {
        var error = Assert.Throws<InvalidDataException>(() => TreeEnsembleScorer.TryCreate(Small().Build(), OnnxEnsembleBuilder.Input, "nope", 2, out _, out _));

        Assert.Contains("no output 'nope'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryCreate_AnInputDeclaredNarrowerThanTheManifest_ThrowsNamingBoth()
    {
        // Every split reads a feature below 3, so only the declared width tells the manifest from the model.
        var error = Assert.Throws<InvalidDataException>(() => TreeEnsembleScorer.TryCreate(Small().Build(), OnnxEnsembleBuilder.Input, OnnxEnsembleBuilder.Output, 3, out _, out _));

        Assert.Contains($"Input '{OnnxEnsembleBuilder.Input}' takes 2 features but the manifest declares 3", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryCreate_ADoubleInput_ThrowsAsOnnxRuntimesCheckDoes()
    {
        var builder = Small();
        builder.InputType = Training.Onnx.Proto.TensorProto.Types.DataType.Double;

        var error = Assert.Throws<InvalidDataException>(() => TryCreate(builder.Build(), out _));

        Assert.Contains($"Input '{OnnxEnsembleBuilder.Input}' must be float[N, F]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryCreate_AnOutputDeclaredWithTwoColumns_ThrowsAsOnnxRuntimesCheckDoes()
    {
        var builder = Small();
        builder.OutputColumns = 2;

        var error = Assert.Throws<InvalidDataException>(() => TryCreate(builder.Build(), out _));

        Assert.Contains($"Output '{OnnxEnsembleBuilder.Output}' must be float[N] or float[N, 1]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryCreate_BytesThatAreNotAModel_ThrowsInvalidData()
    {
        Assert.Throws<InvalidDataException>(() => TryCreate([0x0A, 0xFF, 0x01], out _));
    }

    /// <summary>One split on feature 1 and two leaves.</summary>
    private static OnnxEnsembleBuilder Small()
    {
        var builder = new OnnxEnsembleBuilder(2);
        builder.Split(0, 0, 1, "BRANCH_LEQ", 0.5f, 1, 2, missingTrue: true);
        builder.Leaf(0, 1, 1f);
        builder.Leaf(0, 2, 2f);
        return builder;
    }

    private static bool TryCreate(byte[] onnx, out string? reason) =>
        TreeEnsembleScorer.TryCreate(onnx, OnnxEnsembleBuilder.Input, OnnxEnsembleBuilder.Output, 2, out _, out reason);
}
