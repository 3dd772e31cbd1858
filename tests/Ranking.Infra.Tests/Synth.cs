using System.Text.Json;
using Amazon.CDK;
using Amazon.CDK.Assertions;
using Ranking.Infra.Configuration;
using Ranking.Infra.Functions;

namespace Ranking.Infra.Tests;

/// <summary>
/// Synthesises the stack in process, as <c>Program</c> does, from the given context on top of placeholder bundles.
/// The default stack is synthesised once and shared: each synth starts jsii work that takes about a second.
/// </summary>
internal static class Synth
{
    private static readonly Lazy<Synthesized> s_default = new(() => Run());

    static Synth()
    {
        // Inherited by the jsii runtime's node process: keep Node's end-of-life banners out of the test output.
        System.Environment.SetEnvironmentVariable("JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION", "1");
        System.Environment.SetEnvironmentVariable("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "18,20");
    }

    public static Synthesized Default => s_default.Value;

    public static Synthesized Run(params (string Key, object Value)[] context)
    {
        var app = CreateApp(context);
        var settings = InfraSettings.FromContext(app.Node);
        var stack = new RankingStack(app, new RankingStackProps { Settings = settings, Bundles = FunctionBundles.Resolve(settings) });
        var template = Template.FromStack(stack);
        var assembly = app.Synth();
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(assembly.Directory, stack.TemplateFile)));
        return new Synthesized(stack, template, json.RootElement.Clone(), assembly.Directory);
    }

    /// <summary>The configuration error synth stops with.</summary>
    public static InfraConfigurationException Fails(params (string Key, object Value)[] context) =>
        Assert.Throws<InfraConfigurationException>(() => Run(context));

    private static App CreateApp((string Key, object Value)[] context)
    {
        var values = new Dictionary<string, object>(StringComparer.Ordinal) { [ContextKeys.Bundles] = "placeholder" };
        foreach (var (key, value) in context)
        {
            values[key] = value;
        }

        return new App(new AppProps { Context = values });
    }
}

/// <param name="Directory">The cloud assembly: the template and the staged assets (<c>asset.{hash}.zip</c>).</param>
internal sealed record Synthesized(RankingStack Stack, Template Template, JsonElement Json, string Directory)
{
    public IEnumerable<(string LogicalId, JsonElement Properties)> Resources(string type)
    {
        foreach (var resource in Json.GetProperty("Resources").EnumerateObject())
        {
            if (resource.Value.GetProperty("Type").GetString() == type)
            {
                yield return (resource.Name, resource.Value.TryGetProperty("Properties", out var p) ? p : default);
            }
        }
    }

    public JsonElement Single(string type) => Assert.Single(Resources(type)).Properties;

    public JsonElement Resource(Constructs.IConstruct construct) =>
        Json.GetProperty("Resources").GetProperty(LogicalId(construct));

    public JsonElement PropertiesOf(Constructs.IConstruct construct) => Resource(construct).GetProperty("Properties");

    public string LogicalId(Constructs.IConstruct construct) =>
        Stack.GetLogicalId((CfnElement)construct.Node.DefaultChild!);
}
