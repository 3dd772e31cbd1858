namespace Ranking.Infra.Configuration;

internal enum ApiAuthorization
{
    /// <summary>SigV4-signed requests from a caller whose IAM policy allows <c>execute-api:Invoke</c>.</summary>
    Iam,

    /// <summary>Bearer tokens checked by API Gateway against an OIDC issuer and audience.</summary>
    Jwt,
}
