namespace Ranking.Cli.Training;

/// <summary>Where a package goes and what it is called.</summary>
internal sealed record PackageTarget(string Directory, string Name, string Version);
