using System.Text;
using Ranking.Cli.Serve.Http;

namespace Ranking.Cli.Tests.Serve.Http;

/// <summary>Only Kestrel's own bare rejections are rewritten; everything else passes unchanged.</summary>
public sealed class ErrorShapingWriterTests
{
    private static byte[]? Shape(string written) => ErrorShapingWriter.Shape(Encoding.ASCII.GetBytes(written));

    [Fact]
    public void Shape_WithABareRejectionThatClosesTheConnection_AddsTheErrorBody()
    {
        var shaped = Encoding.ASCII.GetString(Shape("HTTP/1.1 431 Request Header Fields Too Large\r\nConnection: close\r\nContent-Length: 0\r\n\r\n")!);

        Assert.StartsWith("HTTP/1.1 431 ", shaped, StringComparison.Ordinal);
        Assert.Contains("Content-Type: application/json\r\n", shaped, StringComparison.Ordinal);
        Assert.Contains("\"code\":\"headers_too_large\"", shaped, StringComparison.Ordinal);
        var body = shaped[(shaped.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..];
        Assert.Contains($"Content-Length: {Encoding.UTF8.GetByteCount(body)}\r\n", shaped, StringComparison.Ordinal);
    }

    [Fact]
    public void Shape_WithKestrelsOwn500_CallsItAnInternalError()
    {
        var shaped = Encoding.ASCII.GetString(Shape("HTTP/1.1 500 Internal Server Error\r\nConnection: close\r\nContent-Length: 0\r\n\r\n")!);

        Assert.Contains("\"code\":\"internal_error\"", shaped, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n")] // keep-alive (a HEAD answer, say): a body would misframe the next response
    [InlineData("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n")]
    [InlineData("HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 5\r\n\r\n")]
    [InlineData("HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\nextra")]
    [InlineData("0\r\n\r\n")]
    public void Shape_WithAnythingElse_LeavesItAlone(string written) => Assert.Null(Shape(written));
}
