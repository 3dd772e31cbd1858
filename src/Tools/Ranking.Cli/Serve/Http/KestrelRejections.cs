using Ranking.Handlers.Http;

namespace Ranking.Cli.Serve.Http;

/// <summary>The errors Kestrel answers before any handler runs, in the API's terms. All of them are the client's fault.</summary>
internal static class KestrelRejections
{
    public static ApiError ErrorFor(int status) => status switch
    {
        400 => ApiError.InvalidRequest("the HTTP request is malformed (request line, target, headers or framing) and was rejected before routing"),
        405 => ApiError.MethodNotAllowed("the request target '*' is only allowed with OPTIONS"),
        408 => RequestTimeout("the request headers did not arrive in time"),
        411 => new ApiError(411, "length_required", "a request with a body needs Content-Length or chunked Transfer-Encoding"),
        413 => ApiError.BodyTooLarge("the request body exceeds the server's limit"),
        414 => new ApiError(414, "uri_too_long", "the request line is too long"),
        431 => new ApiError(431, "headers_too_large", "the request headers are too large"),
        505 => new ApiError(505, "http_version_not_supported", "only HTTP/1.1 and HTTP/1.0 are served"),
        // Kestrel's own 500: a handler failed without answering. A bug, not the client's fault.
        >= 500 => new ApiError(status, "internal_error", "unexpected error; it has been logged"),
        _ => new ApiError(status, "invalid_request", "the HTTP request was rejected before routing"),
    };

    public static ApiError RequestTimeout(string message) => new(408, "request_timeout", message);
}
