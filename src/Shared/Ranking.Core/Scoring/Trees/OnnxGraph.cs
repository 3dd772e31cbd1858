namespace Ranking.Core.Scoring.Trees;

/// <summary>
/// The graph of an ONNX <c>ModelProto</c>: its nodes, and its inputs and outputs with their declared types. Read once
/// at model load; everything else in the model (opsets, metadata, initializers) is skipped.
/// </summary>
internal sealed class OnnxGraph
{
    public List<OnnxNode> Nodes { get; } = [];
    public List<OnnxValue> Inputs { get; } = [];
    public List<OnnxValue> Outputs { get; } = [];

    /// <exception cref="InvalidDataException">The bytes are not protobuf, or the model has no graph.</exception>
    public static OnnxGraph Parse(ReadOnlySpan<byte> model)
    {
        var reader = new ProtoReader(model);
        for (var field = reader.NextField(); field != 0; field = reader.NextField())
        {
            if (field == 7 && reader.IsLengthDelimited)
            {
                return ParseGraph(reader.ReadBytes());
            }

            reader.Skip();
        }

        throw new InvalidDataException("The ONNX model has no graph.");
    }

    private static OnnxGraph ParseGraph(ReadOnlySpan<byte> bytes)
    {
        var graph = new OnnxGraph();
        var reader = new ProtoReader(bytes);
        for (var field = reader.NextField(); field != 0; field = reader.NextField())
        {
            switch (field)
            {
                case 1:
                    graph.Nodes.Add(OnnxNode.Parse(reader.ReadBytes()));
                    break;
                case 11:
                    graph.Inputs.Add(OnnxValue.Parse(reader.ReadBytes()));
                    break;
                case 12:
                    graph.Outputs.Add(OnnxValue.Parse(reader.ReadBytes()));
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        return graph;
    }
}
