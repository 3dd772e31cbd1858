using Ranking.Cli.Experiments;
using Ranking.Handlers.Http;
using Ranking.Handlers.Models;
using Ranking.Handlers.Rank;
using Ranking.Training.Experiments;

namespace Ranking.Cli.Serve.Dashboard;

/// <summary>
/// <c>GET /v1/experiments/{surface}/report</c> (serve only): the surface's running experiment reported from this
/// server's own logs, as <c>ranking experiments report --json</c> reports it (30-minute attribution, CTR@10, 1,000
/// bootstrap resamples). Reading the logs takes DuckDB a while, so each surface's report is reused for
/// <see cref="ReuseFor"/> and one is built at a time; the dashboard asks every 10 s.
/// </summary>
internal sealed class ExperimentReportEndpoint(ModelCatalog catalog, string logDirectory, Action writePendingImpressions, TimeProvider time)
{
    public static readonly TimeSpan ReuseFor = TimeSpan.FromSeconds(5);

    private readonly SemaphoreSlim _building = new(1, 1);
    private readonly Dictionary<string, (string Id, DateTimeOffset At, ApiResponse Response)> _last = new(StringComparer.Ordinal);

    public Router Map(Router router) => router.Map("GET", "/v1/experiments/{surface}/report", ReportAsync);

    private async ValueTask<ApiResponse> ReportAsync(ApiRequest request, IReadOnlyDictionary<string, string> route, CancellationToken cancellationToken)
    {
        var surface = route["surface"];
        if (!RankRequestReader.IsSurfaceName(surface))
        {
            return JsonBody.Error(ApiError.InvalidRequest(RankRequestReader.SurfaceNameRule), request.RequestId);
        }

        if (!catalog.TryGet(surface, out var model))
        {
            return JsonBody.Error(catalog.UnknownSurface(surface), request.RequestId);
        }

        if (model.Experiment is not { } experiment)
        {
            return JsonBody.Error(ApiError.NotFound($"surface '{surface}' runs no experiment"), request.RequestId);
        }

        var id = experiment.Definition.Id;
        await _building.WaitAsync(cancellationToken);
        try
        {
            if (_last.TryGetValue(surface, out var last) && last.Id == id && time.GetUtcNow() - last.At < ReuseFor)
            {
                return last.Response;
            }

            var response = await BuildAsync(surface, id, request.RequestId, cancellationToken);
            if (response.StatusCode == 200)
            {
                // Only a report is reused: an error answer carries its own request's id.
                _last[surface] = (id, time.GetUtcNow(), response);
            }

            return response;
        }
        finally
        {
            _building.Release();
        }
    }

    private async Task<ApiResponse> BuildAsync(string surface, string id, string requestId, CancellationToken cancellationToken)
    {
        // Impressions wait up to 50 ms to be written; the report counts every ranking answered before it was asked for.
        writePendingImpressions();
        ExperimentOutcomeSet set;
        try
        {
            set = await Task.Run(() => ExperimentOutcomes.Read(new ExperimentOutcomeOptions { LogsDirectory = logDirectory, ExperimentId = id, Surface = surface }, cancellationToken), cancellationToken);
        }
        catch (InvalidDataException e)
        {
            // No log file yet, or one DuckDB cannot read: nothing to report, said as such.
            return JsonBody.Error(ApiError.NotFound($"experiment '{id}': {e.Message}"), requestId);
        }

        if (set.Outcomes.Count == 0)
        {
            return JsonBody.Error(ApiError.NotFound($"experiment '{id}' has no logged impressions on surface '{surface}' yet"), requestId);
        }

        var report = ExperimentReport.Build(id, set.Outcomes, k: 10);
        return JsonBody.Write(200, w => ExperimentReportCommand.WriteJson(w, report, set));
    }
}
