using Google.Protobuf;
using Ranking.Training.Onnx.Proto;

namespace Ranking.Training.Onnx;

/// <summary>Builds the <c>TreeEnsembleRegressor</c> node: the trees flattened into the operator's parallel attribute arrays.</summary>
internal static class TreeEnsembleNode
{
    public const string Domain = "ai.onnx.ml";
    private static readonly ByteString s_branch = ByteString.CopyFromUtf8("BRANCH_LEQ");
    private static readonly ByteString s_leaf = ByteString.CopyFromUtf8("LEAF");

    public static NodeProto Build(TreeEnsemble ensemble, string input, string output)
    {
        var treeIds = new List<long>();
        var nodeIds = new List<long>();
        var featureIds = new List<long>();
        var modes = new List<ByteString>();
        var values = new List<float>();
        var trueIds = new List<long>();
        var falseIds = new List<long>();
        var missingTracksTrue = new List<long>();
        var targetTreeIds = new List<long>();
        var targetNodeIds = new List<long>();
        var targetWeights = new List<float>();

        for (var tree = 0; tree < ensemble.Trees.Count; tree++)
        {
            var nodes = ensemble.Trees[tree];
            for (var id = 0; id < nodes.Count; id++)
            {
                var node = nodes[id];
                treeIds.Add(tree);
                nodeIds.Add(id);
                featureIds.Add(node.Feature);
                modes.Add(node.IsLeaf ? s_leaf : s_branch);
                values.Add(node.IsLeaf ? 0 : Float32Threshold.RoundDown(node.Threshold));
                trueIds.Add(node.IsLeaf ? 0 : node.Left);
                falseIds.Add(node.IsLeaf ? 0 : node.Right);
                // LightGBM's default_left sends missing values down the "<=" (true) branch.
                missingTracksTrue.Add(!node.IsLeaf && node.DefaultLeft ? 1 : 0);
                if (node.IsLeaf)
                {
                    targetTreeIds.Add(tree);
                    targetNodeIds.Add(id);
                    targetWeights.Add((float)node.Value);
                }
            }
        }

        var targetIds = new long[targetTreeIds.Count];
        return new NodeProto
        {
            Name = "lightgbm_trees",
            OpType = "TreeEnsembleRegressor",
            Domain = Domain,
            Input = { input },
            Output = { output },
            Attribute =
            {
                Ints("nodes_treeids", treeIds),
                Ints("nodes_nodeids", nodeIds),
                Ints("nodes_featureids", featureIds),
                Strings("nodes_modes", modes),
                Floats("nodes_values", values),
                Ints("nodes_truenodeids", trueIds),
                Ints("nodes_falsenodeids", falseIds),
                Ints("nodes_missing_value_tracks_true", missingTracksTrue),
                Ints("target_treeids", targetTreeIds),
                Ints("target_nodeids", targetNodeIds),
                Ints("target_ids", targetIds),
                Floats("target_weights", targetWeights),
                Floats("base_values", [0f]),
                Int("n_targets", 1),
                Text("aggregate_function", "SUM"),
                Text("post_transform", "NONE"),
            },
        };
    }

    private static AttributeProto Ints(string name, IEnumerable<long> values)
    {
        var attribute = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        attribute.Ints.AddRange(values);
        return attribute;
    }

    private static AttributeProto Floats(string name, IEnumerable<float> values)
    {
        var attribute = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Floats };
        attribute.Floats.AddRange(values);
        return attribute;
    }

    private static AttributeProto Strings(string name, IEnumerable<ByteString> values)
    {
        var attribute = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Strings };
        attribute.Strings.AddRange(values);
        return attribute;
    }

    private static AttributeProto Int(string name, long value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    private static AttributeProto Text(string name, string value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.String, S = ByteString.CopyFromUtf8(value) };
}
