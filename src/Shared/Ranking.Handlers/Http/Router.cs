namespace Ranking.Handlers.Http;

/// <summary>
/// Routes by method and path pattern (<c>/v1/feeds/{userId}/{surface}</c>). A path that matches a route with
/// another method is a 405, a path that matches nothing a 404, both in the API's error shape.
/// </summary>
public sealed class Router
{
    public delegate ValueTask<ApiResponse> Handler(ApiRequest request, IReadOnlyDictionary<string, string> route, CancellationToken cancellationToken);

    private readonly List<(string Method, string[] Segments, Handler Handler)> _routes = [];

    public Router Map(string method, string pattern, Handler handler)
    {
        _routes.Add((method, pattern.Trim('/').Split('/'), handler));
        return this;
    }

    public ValueTask<ApiResponse> DispatchAsync(ApiRequest request, CancellationToken cancellationToken)
    {
        var segments = request.Path.Trim('/').Split('/');
        List<string>? allowed = null;
        foreach (var (method, pattern, handler) in _routes)
        {
            if (!TryMatch(pattern, segments, out var values))
            {
                continue;
            }

            if (string.Equals(method, request.Method, StringComparison.OrdinalIgnoreCase))
            {
                return handler(request, values, cancellationToken);
            }

            (allowed ??= []).Add(method);
        }

        var error = allowed is null
            ? ApiError.NotFound($"no route for {request.Path}")
            : ApiError.MethodNotAllowed($"{request.Method} is not allowed on {request.Path} (allowed: {string.Join(", ", allowed)})");
        return ValueTask.FromResult(JsonBody.Error(error, request.RequestId));
    }

    private static bool TryMatch(string[] pattern, string[] segments, out Dictionary<string, string> values)
    {
        values = new Dictionary<string, string>(StringComparer.Ordinal);
        if (pattern.Length != segments.Length)
        {
            return false;
        }

        for (var i = 0; i < pattern.Length; i++)
        {
            var part = pattern[i];
            if (part.StartsWith('{') && part.EndsWith('}'))
            {
                if (segments[i].Length == 0)
                {
                    return false;
                }

                values[part[1..^1]] = Uri.UnescapeDataString(segments[i]);
            }
            else if (!string.Equals(part, segments[i], StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }
}
