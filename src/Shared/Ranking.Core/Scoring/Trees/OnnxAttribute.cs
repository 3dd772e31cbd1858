namespace Ranking.Core.Scoring.Trees;

/// <summary>
/// One <c>AttributeProto</c> of a node, as far as tree ensembles use them: scalars, lists and a tensor's values.
/// A tensor attribute keeps its element type so a caller can refuse the ones it cannot read exactly.
/// </summary>
internal sealed class OnnxAttribute
{
    /// <summary><c>TensorProto.DataType.FLOAT</c>.</summary>
    public const int FloatTensor = 1;

    public string Name { get; private set; } = "";
    public float F { get; private set; }
    public long I { get; private set; }
    public string S { get; private set; } = "";
    public List<float> Floats { get; } = [];
    public List<long> Ints { get; } = [];
    public List<string> Strings { get; } = [];

    /// <summary>The attribute's tensor element type (<see cref="FloatTensor"/> for float), or 0 without a tensor.</summary>
    public int TensorType { get; private set; }

    /// <summary>The tensor's values when <see cref="TensorType"/> is float, from <c>float_data</c> or <c>raw_data</c>.</summary>
    public List<float> TensorFloats { get; } = [];

    public static OnnxAttribute Parse(ReadOnlySpan<byte> bytes)
    {
        var attribute = new OnnxAttribute();
        var reader = new ProtoReader(bytes);
        for (var field = reader.NextField(); field != 0; field = reader.NextField())
        {
            switch (field)
            {
                case 1:
                    attribute.Name = reader.ReadString();
                    break;
                case 2:
                    attribute.F = reader.ReadFloat();
                    break;
                case 3:
                    attribute.I = reader.ReadInt64();
                    break;
                case 4:
                    attribute.S = reader.ReadString();
                    break;
                case 5:
                    attribute.ReadTensor(reader.ReadBytes());
                    break;
                case 7:
                    reader.ReadFloats(attribute.Floats);
                    break;
                case 8:
                    reader.ReadInt64s(attribute.Ints);
                    break;
                case 9:
                    attribute.Strings.Add(reader.ReadString());
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        return attribute;
    }

    private void ReadTensor(ReadOnlySpan<byte> bytes)
    {
        var reader = new ProtoReader(bytes);
        var raw = ReadOnlySpan<byte>.Empty;
        for (var field = reader.NextField(); field != 0; field = reader.NextField())
        {
            switch (field)
            {
                case 2:
                    TensorType = (int)reader.ReadInt64();
                    break;
                case 4:
                    reader.ReadFloats(TensorFloats);
                    break;
                case 9:
                    raw = reader.ReadBytes();
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        if (TensorType == FloatTensor && !raw.IsEmpty)
        {
            ProtoReader.AddFloats(raw, TensorFloats);
        }
    }
}
