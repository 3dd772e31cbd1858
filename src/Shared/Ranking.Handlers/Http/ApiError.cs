namespace Ranking.Handlers.Http;

/// <summary>An expected failure, answered with its status and code; the message names the offending field.</summary>
public sealed record ApiError(int StatusCode, string Code, string Message)
{
    public static ApiError InvalidJson(string message) => new(400, "invalid_json", message);
    public static ApiError InvalidRequest(string message) => new(400, "invalid_request", message);
    public static ApiError UnknownSurface(string message) => new(404, "unknown_surface", message);
    public static ApiError NotFound(string message) => new(404, "not_found", message);
    public static ApiError MethodNotAllowed(string message) => new(405, "method_not_allowed", message);
    public static ApiError TooManyCandidates(string message) => new(413, "too_many_candidates", message);
    public static ApiError TooManyEvents(string message) => new(413, "too_many_events", message);
    public static ApiError BodyTooLarge(string message) => new(413, "body_too_large", message);
    public static ApiError UnsupportedMediaType(string message) => new(415, "unsupported_media_type", message);
}
