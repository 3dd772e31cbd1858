namespace Ranking.Infra.Configuration;

/// <summary>Where the functions' code comes from.</summary>
internal enum BundleSource
{
    /// <summary>The zips <c>scripts/publish-functions.sh</c> writes; synth fails if one is missing.</summary>
    Artifacts,

    /// <summary>A tiny script that fails every invocation: for tests and CI synth without publishing, never for a deploy.</summary>
    Placeholder,
}
