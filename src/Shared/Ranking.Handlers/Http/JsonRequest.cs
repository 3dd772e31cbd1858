namespace Ranking.Handlers.Http;

/// <summary>What every JSON route checks before it reads a body: the media type and the size.</summary>
public static class JsonRequest
{
    /// <returns>The error to answer with, or null when the body may be parsed.</returns>
    public static ApiError? Reject(ApiRequest request, int maxBodyBytes)
    {
        if (!IsJson(request.ContentType))
        {
            return ApiError.UnsupportedMediaType($"Content-Type must be application/json, not '{request.ContentType ?? "(none)"}'");
        }

        return request.BodyTooLarge || request.Body.Length > maxBodyBytes
            ? ApiError.BodyTooLarge($"request body exceeds {maxBodyBytes} bytes")
            : null;
    }

    private static bool IsJson(string? contentType)
    {
        if (contentType is null)
        {
            return false;
        }

        var mediaType = contentType.AsSpan();
        var semicolon = mediaType.IndexOf(';');
        if (semicolon >= 0)
        {
            mediaType = mediaType[..semicolon];
        }

        return mediaType.Trim().Equals("application/json", StringComparison.OrdinalIgnoreCase);
    }
}
