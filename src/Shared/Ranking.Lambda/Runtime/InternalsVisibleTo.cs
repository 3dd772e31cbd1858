using System.Runtime.CompilerServices;

// The loop and the Runtime API client are internal; their tests swap the client for a fake.
[assembly: InternalsVisibleTo("Ranking.Lambda.Tests")]
