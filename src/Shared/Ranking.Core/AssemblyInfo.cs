using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("Ranking.Core.Tests")]
