using Ranking.Core.Experiments;

namespace Ranking.Cli.Simulation;

/// <summary>What <c>ranking simulate</c> runs: how many days of how much traffic, and which studies on top.</summary>
internal sealed class SimulationOptions
{
    public static readonly string[] Surfaces = ["feed", "search"];

    /// <summary><c>--experiment</c>'s values: one mode, or both on the same pair one after the other.</summary>
    public static readonly string[] ExperimentChoices = [ExperimentModes.AB, ExperimentModes.Interleave, Both];
    public const string Both = "both";

    public required string Out { get; init; }

    /// <summary>A serve already running over <see cref="Out"/>'s folders, or null to start one in process.</summary>
    public string? Url { get; init; }

    /// <summary>How long to wait for a running serve to write its logs or take up a model or experiment.</summary>
    public int WaitSeconds { get; init; } = 60;
    public int Days { get; init; } = 7;
    public int Users { get; init; } = 600;
    public int RequestsPerDay { get; init; } = 2000;
    public int Seed { get; init; } = 7;

    /// <summary>Items a response returns: the page a user scrolls, and what is logged of each ranking.</summary>
    public int PageSize { get; init; } = 20;

    /// <summary>Most boosting rounds of each daily model (early stopping usually ends sooner).</summary>
    public int Trees { get; init; } = 300;

    /// <summary>Which of each day's two candidates goes to the gates and, if it passes, live: the position-debiased one or the plain one.</summary>
    public bool PositionDebias { get; init; }

    /// <summary>Null for none; else <see cref="ExperimentModes.AB"/>, <see cref="ExperimentModes.Interleave"/> or <see cref="Both"/>.</summary>
    public string? Experiment { get; init; }
    public string ExperimentSurface { get; init; } = "feed";

    /// <summary>The control's version: 1, the popularity model, by default; a later one for a smaller, harder-to-see difference.</summary>
    public int ExperimentControl { get; init; } = 1;

    /// <summary>Impressions each experiment runs for; its verdict is read every <see cref="ExperimentStep"/> of them.</summary>
    public int ExperimentImpressions { get; init; } = 1000;
    public int ExperimentStep { get; init; } = 10;

    /// <summary>Each experiment runs this many times (a new salt and new traffic each), so its sample size is a median, not one draw.</summary>
    public int ExperimentRepeats { get; init; } = 5;

    public IEnumerable<string> ExperimentModesToRun => Experiment switch
    {
        null => [],
        Both => [ExperimentModes.AB, ExperimentModes.Interleave],
        var mode => [mode],
    };

    /// <returns>Every problem with the options, each naming its option; empty when they are fine.</returns>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        void Require(bool ok, string problem)
        {
            if (!ok)
            {
                problems.Add(problem);
            }
        }

        Require(WaitSeconds is >= 1 and <= 3600, $"--wait-seconds must be 1 to 3600, not {WaitSeconds}");
        Require(
            Url is null || (Uri.TryCreate(Url, UriKind.Absolute, out var address) && address.Scheme is "http" or "https"),
            $"--url must be an http(s) address such as http://127.0.0.1:8080, not '{Url}'");
        Require(Days is >= 1 and <= 365, $"--days must be 1 to 365, not {Days}");
        Require(Users is >= 10 and <= 100_000, $"--users must be 10 to 100000, not {Users}");
        Require(RequestsPerDay is >= 20 and <= 1_000_000, $"--requests-per-day must be 20 to 1000000, not {RequestsPerDay}");
        Require(PageSize is >= 10 and <= 100, $"--page-size must be 10 to 100, not {PageSize}");
        Require(Trees is >= 1 and <= 5000, $"--trees must be 1 to 5000, not {Trees}");
        Require(Experiment is null || ExperimentChoices.Contains(Experiment), $"--experiment must be one of {string.Join(", ", ExperimentChoices)}, not '{Experiment}'");
        Require(Surfaces.Contains(ExperimentSurface), $"--experiment-surface must be one of {string.Join(", ", Surfaces)}, not '{ExperimentSurface}'");
        Require(ExperimentControl >= 1, $"--experiment-control must be a version, 1 or more, not {ExperimentControl}");
        Require(ExperimentRepeats is >= 1 and <= 100, $"--experiment-repeats must be 1 to 100, not {ExperimentRepeats}");
        Require(ExperimentStep >= 10, $"--experiment-step must be at least 10, not {ExperimentStep}");
        Require(ExperimentImpressions <= 1_000_000, $"--experiment-impressions must be at most 1000000, not {ExperimentImpressions}");
        Require(ExperimentImpressions >= ExperimentStep, $"--experiment-impressions ({ExperimentImpressions}) must be at least --experiment-step ({ExperimentStep})");
        return problems;
    }
}
