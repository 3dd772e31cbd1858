namespace Ranking.Infra;

internal static class DeploymentEnvironment
{
    /// <summary>
    /// The account and region the CDK CLI resolved from the caller's credentials, when it did; otherwise null, and
    /// the stack stays environment-agnostic so that synth works without credentials.
    /// </summary>
    public static Amazon.CDK.Environment? FromCdkDefaults()
    {
        var account = System.Environment.GetEnvironmentVariable("CDK_DEFAULT_ACCOUNT");
        var region = System.Environment.GetEnvironmentVariable("CDK_DEFAULT_REGION");
        return string.IsNullOrEmpty(account) || string.IsNullOrEmpty(region) ? null : new Amazon.CDK.Environment { Account = account, Region = region };
    }
}
