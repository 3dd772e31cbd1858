namespace Ranking.Core.Scoring.Trees;

/// <summary>
/// The graph of an ONNX <c>ModelProto</c>: its nodes and the names of its inputs and outputs. Read once at model
/// load; everything else in the model (opsets, metadata, initializers, value types) is skipped.
/// </summary>
internal sealed class OnnxGraph
{
    public List<OnnxNode> Nodes { get; } = [];
    public List<string> Inputs { get; } = [];
    public List<string> Outputs { get; } = [];

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
                    graph.Inputs.Add(ValueName(reader.ReadBytes()));
                    break;
                case 12:
                    graph.Outputs.Add(ValueName(reader.ReadBytes()));
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        return graph;
    }

    /// <summary>The <c>name</c> of a <c>ValueInfoProto</c>.</summary>
    private static string ValueName(ReadOnlySpan<byte> bytes)
    {
        var reader = new ProtoReader(bytes);
        for (var field = reader.NextField(); field != 0; field = reader.NextField())
        {
            if (field == 1)
            {
                return reader.ReadString();
            }

            reader.Skip();
        }

        return "";
    }
}
