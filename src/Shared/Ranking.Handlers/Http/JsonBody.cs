using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Ranking.Handlers.Http;

/// <summary>Writes response bodies with <see cref="Utf8JsonWriter"/> (no reflection, AOT-safe).</summary>
public static class JsonBody
{
    /// <summary>API bodies are read by programs, never embedded in HTML: keep quotes and non-ASCII text as they are.</summary>
    internal static readonly JsonWriterOptions s_options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static ApiResponse Write(int statusCode, Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer, s_options))
        {
            write(writer);
        }

        return new ApiResponse { StatusCode = statusCode, Body = buffer.WrittenSpan.ToArray() };
    }

    public static ApiResponse Error(ApiError error, string requestId) => Write(error.StatusCode, w =>
    {
        w.WriteStartObject();
        w.WriteStartObject("error");
        w.WriteString("code", error.Code);
        w.WriteString("message", error.Message);
        w.WriteString("requestId", requestId);
        w.WriteEndObject();
        w.WriteEndObject();
    });

    /// <summary>Scores and timings are rounded so responses stay short; float noise below that carries no meaning.</summary>
    /// <remarks>JSON has no NaN or Infinity: such a value is written as null rather than failing the response.</remarks>
    public static void WriteRounded(Utf8JsonWriter writer, string name, double value, int digits)
    {
        if (double.IsFinite(value))
        {
            writer.WriteNumber(name, Math.Round(value, digits));
        }
        else
        {
            writer.WriteNull(name);
        }
    }
}
