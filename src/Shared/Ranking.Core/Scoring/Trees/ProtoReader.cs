using System.Buffers.Binary;

namespace Ranking.Core.Scoring.Trees;

/// <summary>
/// Reads protobuf wire format, field by field, over a span: just enough to walk an ONNX <c>ModelProto</c> without a
/// protobuf package (Core stays dependency-light and AOT-friendly). Unknown fields are skipped by wire type.
/// </summary>
internal ref struct ProtoReader
{
    private const int Varint = 0;
    private const int Fixed64 = 1;
    private const int LengthDelimited = 2;
    private const int Fixed32 = 5;

    private readonly ReadOnlySpan<byte> _data;
    private int _position;

    public ProtoReader(ReadOnlySpan<byte> data)
    {
        _data = data;
        _position = 0;
    }

    public int WireType { get; private set; }

    public readonly bool IsLengthDelimited => WireType == LengthDelimited;

    /// <summary>Moves to the next field and returns its number, or 0 at the end.</summary>
    public int NextField()
    {
        if (_position >= _data.Length)
        {
            return 0;
        }

        var tag = ReadVarint();
        WireType = (int)(tag & 7);
        var field = tag >> 3;
        return field is > 0 and <= int.MaxValue ? (int)field : throw Bad($"field number {field}");
    }

    public ulong ReadVarint()
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (_position >= _data.Length)
            {
                throw Bad("a varint runs past the end");
            }

            var b = _data[_position++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }

        throw Bad("a varint is longer than 10 bytes");
    }

    public long ReadInt64() => (long)ReadVarint();

    public float ReadFloat() => BitConverter.Int32BitsToSingle(BinaryPrimitives.ReadInt32LittleEndian(Take(4)));

    public ReadOnlySpan<byte> ReadBytes()
    {
        var length = ReadVarint();
        return length <= (ulong)(_data.Length - _position) ? Take((int)length) : throw Bad("a length runs past the end");
    }

    public string ReadString() => System.Text.Encoding.UTF8.GetString(ReadBytes());

    /// <summary>A repeated int64 field, packed (one length-delimited run) or not (one value per occurrence).</summary>
    public void ReadInt64s(List<long> into)
    {
        if (!IsLengthDelimited)
        {
            into.Add(ReadInt64());
            return;
        }

        var packed = new ProtoReader(ReadBytes());
        while (packed._position < packed._data.Length)
        {
            into.Add(packed.ReadInt64());
        }
    }

    /// <summary>A repeated float field, packed or not.</summary>
    public void ReadFloats(List<float> into)
    {
        if (WireType == Fixed32)
        {
            into.Add(ReadFloat());
            return;
        }

        AddFloats(ReadBytes(), into);
    }

    /// <summary>Packed floats and a float tensor's raw_data are both little-endian float32, whatever the host.</summary>
    public static void AddFloats(ReadOnlySpan<byte> packed, List<float> into)
    {
        if (packed.Length % 4 != 0)
        {
            throw Bad("packed floats take a multiple of 4 bytes");
        }

        for (var i = 0; i < packed.Length; i += 4)
        {
            into.Add(BitConverter.Int32BitsToSingle(BinaryPrimitives.ReadInt32LittleEndian(packed[i..])));
        }
    }

    public void Skip()
    {
        switch (WireType)
        {
            case Varint:
                ReadVarint();
                break;
            case Fixed64:
                Take(8);
                break;
            case LengthDelimited:
                ReadBytes();
                break;
            case Fixed32:
                Take(4);
                break;
            default:
                throw Bad($"wire type {WireType}");
        }
    }

    private ReadOnlySpan<byte> Take(int count)
    {
        if (count > _data.Length - _position)
        {
            throw Bad("a field runs past the end");
        }

        var span = _data.Slice(_position, count);
        _position += count;
        return span;
    }

    private static InvalidDataException Bad(string what) => new($"The ONNX model is not valid protobuf: {what}.");
}
