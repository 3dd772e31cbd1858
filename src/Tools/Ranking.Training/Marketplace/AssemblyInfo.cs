using System.Runtime.CompilerServices;

// The tests check the generator against its latent truth, which stays internal.
[assembly: InternalsVisibleTo("Ranking.Training.Tests")]
