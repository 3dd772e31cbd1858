using Amazon.CDK;
using Ranking.Infra;
using Ranking.Infra.Configuration;
using Ranking.Infra.Functions;

// Run by `npx cdk synth|deploy` through cdk.json. A bad context value or a missing bundle ends here with one line
// naming what to set or run, instead of a jsii stack trace.
var app = new App();
try
{
    var settings = InfraSettings.FromContext(app.Node);
    _ = new RankingStack(app, new RankingStackProps
    {
        Settings = settings,
        Bundles = FunctionBundles.Resolve(settings),
        Env = DeploymentEnvironment.FromCdkDefaults(),
    });
}
catch (InfraConfigurationException e)
{
    await Console.Error.WriteLineAsync($"error: {e.Message}");
    return 1;
}

app.Synth();
return 0;
