using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("Ranking.Cli.Tests")]
