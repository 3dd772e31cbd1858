using Google.Protobuf;
using Ranking.Training.LightGbm;
using Ranking.Training.Onnx.Proto;

namespace Ranking.Training.Onnx;

/// <summary>
/// Exports a LightGBM regression/ranking model as one <c>ai.onnx.ml</c> <c>TreeEnsembleRegressor</c>: input
/// float[N, F], output float[N, 1], BRANCH_LEQ splits, SUM of the trees' leaves and base value 0.
/// </summary>
internal static class OnnxTreeExporter
{
    public const string InputName = "features";
    public const string OutputName = "score";
    private const long IrVersion = 8;
    private const long MlOpset = 3;
    private const long DefaultOpset = 17;
    private const int FloatType = (int)TensorProto.Types.DataType.Float;

    /// <summary>Converts LightGBM's text model (<c>lightgbm.txt</c>) to ONNX bytes.</summary>
    /// <exception cref="NotSupportedException">The model has categorical splits.</exception>
    public static byte[] Export(string lightGbmModel)
    {
        using var booster = LightGbmBooster.Load(lightGbmModel);
        return Export(LightGbmTreeParser.Parse(booster.DumpModelJson(0)));
    }

    internal static byte[] Export(TreeEnsemble ensemble)
    {
        var model = new ModelProto
        {
            IrVersion = IrVersion,
            ProducerName = "Ranking.Training",
            ProducerVersion = "1",
            Graph = new GraphProto
            {
                Name = "lambdamart",
                Node = { TreeEnsembleNode.Build(ensemble, InputName, OutputName) },
                Input = { TensorValue(InputName, ensemble.FeatureCount) },
                Output = { TensorValue(OutputName, 1) },
            },
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = DefaultOpset });
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = TreeEnsembleNode.Domain, Version = MlOpset });
        return model.ToByteArray();
    }

    private static ValueInfoProto TensorValue(string name, int width) => new()
    {
        Name = name,
        Type = new TypeProto
        {
            TensorType = new TypeProto.Types.Tensor
            {
                ElemType = FloatType,
                Shape = new TensorShapeProto
                {
                    Dim =
                    {
                        new TensorShapeProto.Types.Dimension { DimParam = "N" },
                        new TensorShapeProto.Types.Dimension { DimValue = width },
                    },
                },
            },
        },
    };
}
