using Google.Protobuf;
using Ranking.Core.Scoring.Trees;

namespace Ranking.Core.Tests.Scoring.Trees;

/// <summary>The wire-format reader against what Google's own protobuf writer produces.</summary>
public sealed class ProtoReaderTests
{
    private static byte[] Message()
    {
        using var buffer = new MemoryStream();
        var output = new CodedOutputStream(buffer);
        output.WriteTag(1, WireFormat.WireType.Varint);
        output.WriteInt64(300);
        output.WriteTag(2, WireFormat.WireType.LengthDelimited);
        output.WriteBytes(ByteString.CopyFrom(Packed(o => { o.WriteInt64(1); o.WriteInt64(-1); o.WriteInt64(150); })));
        output.WriteTag(2, WireFormat.WireType.Varint);
        output.WriteInt64(7);
        output.WriteTag(3, WireFormat.WireType.Fixed32);
        output.WriteFloat(1.5f);
        output.WriteTag(3, WireFormat.WireType.LengthDelimited);
        output.WriteBytes(ByteString.CopyFrom(Packed(o => { o.WriteFloat(2.5f); o.WriteFloat(-0f); o.WriteFloat(float.NegativeInfinity); })));
        output.WriteTag(9, WireFormat.WireType.Fixed64);
        output.WriteFixed64(ulong.MaxValue);
        output.WriteTag(10, WireFormat.WireType.LengthDelimited);
        output.WriteBytes(ByteString.CopyFromUtf8("skipped"));
        output.WriteTag(4, WireFormat.WireType.LengthDelimited);
        output.WriteString("héllo");
        output.Flush();
        return buffer.ToArray();
    }

    private static byte[] Packed(Action<CodedOutputStream> write)
    {
        using var buffer = new MemoryStream();
        var output = new CodedOutputStream(buffer);
        write(output);
        output.Flush();
        return buffer.ToArray();
    }

    [Fact]
    public void Read_FieldsPackedAndNot_AndSkipsUnknownOnes()
    {
        var reader = new ProtoReader(Message());
        long number = 0;
        var longs = new List<long>();
        var floats = new List<float>();
        string? text = null;
        for (var field = reader.NextField(); field != 0; field = reader.NextField())
        {
            switch (field)
            {
                case 1: number = reader.ReadInt64(); break;
                case 2: reader.ReadInt64s(longs); break;
                case 3: reader.ReadFloats(floats); break;
                case 4: text = reader.ReadString(); break;
                default: reader.Skip(); break;
            }
        }

        Assert.Equal(300, number);
        Assert.Equal([1L, -1L, 150L, 7L], longs);
        Assert.Equal([1.5f, 2.5f, -0f, float.NegativeInfinity], floats);
        Assert.True(float.IsNegative(floats[2]));
        Assert.Equal("héllo", text);
    }

    [Fact]
    public void Read_ATruncatedMessage_ThrowsInvalidData()
    {
        var message = Message();

        var error = Assert.Throws<InvalidDataException>(() =>
        {
            var reader = new ProtoReader(message.AsSpan(0, message.Length - 2));
            while (reader.NextField() != 0)
            {
                reader.Skip();
            }
        });

        Assert.StartsWith("The ONNX model is not valid protobuf", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddFloats_ALengthThatIsNotAMultipleOf4_ThrowsInvalidData()
    {
        Assert.Throws<InvalidDataException>(() => ProtoReader.AddFloats([1, 2, 3], []));
    }
}
