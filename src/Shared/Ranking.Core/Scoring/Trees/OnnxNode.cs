namespace Ranking.Core.Scoring.Trees;

/// <summary>One <c>NodeProto</c>: operator, inputs, outputs and attributes by name.</summary>
internal sealed class OnnxNode
{
    public string OpType { get; private set; } = "";
    public string Domain { get; private set; } = "";
    public List<string> Inputs { get; } = [];
    public List<string> Outputs { get; } = [];
    public Dictionary<string, OnnxAttribute> Attributes { get; } = new(StringComparer.Ordinal);

    public static OnnxNode Parse(ReadOnlySpan<byte> bytes)
    {
        var node = new OnnxNode();
        var reader = new ProtoReader(bytes);
        for (var field = reader.NextField(); field != 0; field = reader.NextField())
        {
            switch (field)
            {
                case 1:
                    node.Inputs.Add(reader.ReadString());
                    break;
                case 2:
                    node.Outputs.Add(reader.ReadString());
                    break;
                case 4:
                    node.OpType = reader.ReadString();
                    break;
                case 5:
                    var attribute = OnnxAttribute.Parse(reader.ReadBytes());
                    node.Attributes[attribute.Name] = attribute;
                    break;
                case 7:
                    node.Domain = reader.ReadString();
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        return node;
    }
}
