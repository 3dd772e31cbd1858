using Google.Protobuf;
using Ranking.Training.Onnx.Proto;

namespace Ranking.Core.Tests.Scoring.Trees;

/// <summary>
/// Writes a <c>TreeEnsembleRegressor</c> model the way a third-party converter might: any modes, node ids and order,
/// values as a list or a float tensor, base values, and attributes or extra nodes a test wants to vary.
/// </summary>
internal sealed class OnnxEnsembleBuilder(int featureCount)
{
    public const string Input = "X";
    public const string Output = "Y";

    private readonly List<long> _treeIds = [];
    private readonly List<long> _nodeIds = [];
    private readonly List<long> _featureIds = [];
    private readonly List<string> _modes = [];
    private readonly List<float> _values = [];
    private readonly List<long> _trueIds = [];
    private readonly List<long> _falseIds = [];
    private readonly List<long> _missing = [];
    private readonly List<long> _targetTrees = [];
    private readonly List<long> _targetNodes = [];
    private readonly List<long> _targetIds = [];
    private readonly List<float> _weights = [];

    public int FeatureCount => featureCount;
    public float[] BaseValues { get; set; } = [];
    public bool ValuesAsTensor { get; set; }
    public long Targets { get; set; } = 1;
    public string PostTransform { get; set; } = "NONE";

    /// <summary>The graph input's declared element type (a model another exporter typed differently).</summary>
    public TensorProto.Types.DataType InputType { get; set; } = TensorProto.Types.DataType.Float;

    /// <summary>The graph output's declared columns, when not <see cref="Targets"/>.</summary>
    public long? OutputColumns { get; set; }

    /// <summary>Nodes added after the ensemble, reading its output (a graph that is more than one tree node).</summary>
    public List<NodeProto> ExtraNodes { get; } = [];

    public void Split(long tree, long node, int feature, string mode, float threshold, long whenTrue, long whenFalse, bool missingTrue)
    {
        Add(tree, node, feature, mode, threshold, whenTrue, whenFalse, missingTrue ? 1 : 0);
    }

    public void Leaf(long tree, long node, float weight, long target = 0)
    {
        Add(tree, node, 0, "LEAF", 0, 0, 0, 0);
        _targetTrees.Add(tree);
        _targetNodes.Add(node);
        _targetIds.Add(target);
        _weights.Add(weight);
    }

    public byte[] Build()
    {
        var ensemble = new NodeProto
        {
            OpType = "TreeEnsembleRegressor",
            Domain = "ai.onnx.ml",
            Input = { Input },
            Output = { ExtraNodes.Count == 0 ? Output : "raw" },
            Attribute =
            {
                Ints("nodes_treeids", _treeIds), Ints("nodes_nodeids", _nodeIds), Ints("nodes_featureids", _featureIds),
                new AttributeProto { Name = "nodes_modes", Type = AttributeProto.Types.AttributeType.Strings, Strings = { _modes.Select(ByteString.CopyFromUtf8) } },
                Ints("nodes_truenodeids", _trueIds), Ints("nodes_falsenodeids", _falseIds), Ints("nodes_missing_value_tracks_true", _missing),
                Ints("target_treeids", _targetTrees), Ints("target_nodeids", _targetNodes), Ints("target_ids", _targetIds),
                Floats("target_weights", _weights),
                new AttributeProto { Name = "n_targets", Type = AttributeProto.Types.AttributeType.Int, I = Targets },
                Text("post_transform", PostTransform),
                Text("aggregate_function", "SUM"),
            },
        };
        ensemble.Attribute.Add(ValuesAsTensor ? FloatTensor("nodes_values_as_tensor", _values) : Floats("nodes_values", _values));
        if (BaseValues.Length > 0)
        {
            ensemble.Attribute.Add(Floats("base_values", BaseValues));
        }

        var graph = new GraphProto { Name = "third_party", Node = { ensemble }, Input = { Value(Input, InputType, featureCount) }, Output = { Value(Output, TensorProto.Types.DataType.Float, OutputColumns ?? Targets) } };
        graph.Node.AddRange(ExtraNodes);
        var model = new ModelProto { IrVersion = 8, ProducerName = "test", Graph = graph };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = 17 });
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "ai.onnx.ml", Version = 3 });
        return model.ToByteArray();
    }

    /// <summary>Sets the <c>index</c>-th attribute-order node's mode, for refusal tests.</summary>
    public void SetMode(int index, string mode) => _modes[index] = mode;

    private void Add(long tree, long node, int feature, string mode, float value, long whenTrue, long whenFalse, long missing)
    {
        _treeIds.Add(tree);
        _nodeIds.Add(node);
        _featureIds.Add(feature);
        _modes.Add(mode);
        _values.Add(value);
        _trueIds.Add(whenTrue);
        _falseIds.Add(whenFalse);
        _missing.Add(missing);
    }

    private static AttributeProto Ints(string name, IEnumerable<long> values) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Ints, Ints = { values } };

    private static AttributeProto Floats(string name, IEnumerable<float> values) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Floats, Floats = { values } };

    private static AttributeProto Text(string name, string value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.String, S = ByteString.CopyFromUtf8(value) };

    /// <summary>A float tensor in raw_data, as converters that write <c>_as_tensor</c> attributes do.</summary>
    private static AttributeProto FloatTensor(string name, List<float> values)
    {
        var raw = new byte[values.Count * 4];
        for (var i = 0; i < values.Count; i++)
        {
            System.Buffers.Binary.BinaryPrimitives.WriteSingleLittleEndian(raw.AsSpan(i * 4), values[i]);
        }

        return new AttributeProto
        {
            Name = name,
            Type = AttributeProto.Types.AttributeType.Tensor,
            T = new TensorProto { Dims = { values.Count }, DataType = (int)TensorProto.Types.DataType.Float, RawData = ByteString.CopyFrom(raw) },
        };
    }

    private static ValueInfoProto Value(string name, TensorProto.Types.DataType type, long width) => new()
    {
        Name = name,
        Type = new TypeProto
        {
            TensorType = new TypeProto.Types.Tensor
            {
                ElemType = (int)type,
                Shape = new TensorShapeProto
                {
                    Dim = { new TensorShapeProto.Types.Dimension { DimParam = "N" }, new TensorShapeProto.Types.Dimension { DimValue = width } },
                },
            },
        },
    };
}
