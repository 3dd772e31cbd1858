namespace Ranking.Testing.Contract;

/// <summary>
/// Checks every response an <see cref="HttpClient"/> receives against <c>api/openapi.json</c>, so each HTTP test of
/// serve also tests the contract: a response the document does not allow fails the request with the reasons.
/// </summary>
public sealed class ContractCheckingHandler() : DelegatingHandler(new SocketsHttpHandler())
{
    /// <summary>A client of <paramref name="address"/> whose responses are checked.</summary>
    public static HttpClient Client(Uri address) => new(new ContractCheckingHandler()) { BaseAddress = address };

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        // Buffered above, so the test can still read the content.
        OpenApiContract.Repository.Check(
            request.Method.Method, request.RequestUri!.AbsolutePath, (int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, body);
        return response;
    }
}
