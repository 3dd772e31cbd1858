namespace Ranking.Core.Scoring.Trees;

/// <summary>
/// A graph input or output (<c>ValueInfoProto</c>): its name and, when the model declares them, its tensor element
/// type and shape. What ONNX Runtime's session metadata would report, read without loading ONNX Runtime.
/// </summary>
/// <param name="ElementType">The <c>TensorProto.DataType</c> (1 is float), or 0 when the value is not a declared tensor.</param>
/// <param name="Dimensions">One entry per axis, -1 for a symbolic or unset one; null when no shape is declared.</param>
internal sealed record OnnxValue(string Name, int ElementType, long[]? Dimensions)
{
    public const int Float = 1;

    public static OnnxValue Parse(ReadOnlySpan<byte> bytes)
    {
        var name = "";
        var elementType = 0;
        long[]? dimensions = null;
        var reader = new ProtoReader(bytes);
        for (var field = reader.NextField(); field != 0; field = reader.NextField())
        {
            if (field == 1)
            {
                name = reader.ReadString();
            }
            else if (field == 2 && reader.IsLengthDelimited)
            {
                ReadType(reader.ReadBytes(), ref elementType, ref dimensions);
            }
            else
            {
                reader.Skip();
            }
        }

        return new OnnxValue(name, elementType, dimensions);
    }

    public override string ToString() => Name;

    /// <summary><c>TypeProto</c>: only its <c>tensor_type</c> (field 1) can feed a tree ensemble.</summary>
    private static void ReadType(ReadOnlySpan<byte> bytes, ref int elementType, ref long[]? dimensions)
    {
        var reader = new ProtoReader(bytes);
        for (var field = reader.NextField(); field != 0; field = reader.NextField())
        {
            if (field != 1 || !reader.IsLengthDelimited)
            {
                reader.Skip();
                continue;
            }

            var tensor = new ProtoReader(reader.ReadBytes());
            for (var inner = tensor.NextField(); inner != 0; inner = tensor.NextField())
            {
                if (inner == 1 && !tensor.IsLengthDelimited)
                {
                    elementType = (int)tensor.ReadInt64();
                }
                else if (inner == 2 && tensor.IsLengthDelimited)
                {
                    dimensions = ReadShape(tensor.ReadBytes());
                }
                else
                {
                    tensor.Skip();
                }
            }
        }
    }

    /// <summary><c>TensorShapeProto</c>: each <c>dim</c> (field 1) holds a <c>dim_value</c> (field 1) or a <c>dim_param</c> name.</summary>
    private static long[] ReadShape(ReadOnlySpan<byte> bytes)
    {
        var dimensions = new List<long>();
        var reader = new ProtoReader(bytes);
        for (var field = reader.NextField(); field != 0; field = reader.NextField())
        {
            if (field != 1 || !reader.IsLengthDelimited)
            {
                reader.Skip();
                continue;
            }

            var size = -1L;
            var dimension = new ProtoReader(reader.ReadBytes());
            for (var inner = dimension.NextField(); inner != 0; inner = dimension.NextField())
            {
                if (inner == 1 && !dimension.IsLengthDelimited)
                {
                    size = dimension.ReadInt64();
                }
                else
                {
                    dimension.Skip();
                }
            }

            dimensions.Add(size);
        }

        return [.. dimensions];
    }
}
