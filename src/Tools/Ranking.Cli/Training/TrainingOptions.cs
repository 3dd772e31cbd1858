using System.CommandLine;
using Ranking.Cli.Invocation;
using Ranking.Training.Training;

namespace Ranking.Cli.Training;

/// <summary>
/// The options <c>train</c> and <c>tune</c> share: the input format and its files, the package to write and the
/// LambdaMART parameters (for <c>tune</c>, the values its search space does not vary).
/// </summary>
internal sealed class TrainingOptions
{
    private readonly Option<string> _train = new("--train") { Description = "svmlight: training file (groups from qid or FILE.query)" };
    private readonly Option<string> _valid = new("--valid") { Description = "svmlight: validation file, used for early stopping and as the holdout" };
    private readonly Option<string> _data = new("--data")
    {
        Description = "marketplace: sample folder (items, users, impressions); logged: a labelled dataset from 'dataset build' (a .parquet file or a folder of them)",
    };
    private readonly Option<string> _surface = new("--surface") { Description = "marketplace: surface to train for (feed or search); logged: the surface to read (default: the data's only one)" };
    private readonly Option<string> _features = new("--features")
    {
        Description = "Feature file ({\"features\": [...]}, a manifest's schema): svmlight: names the columns f1..fN; marketplace: the features to fill; logged: the logged columns to train on (default for both: samples/features/{surface}.json)",
    };
    private readonly TrainFormat[] _formats;
    private readonly Option<string> _format;
    private readonly Option<string> _output = new("--out") { Description = "Folder to write the model package into (new or empty, unless --force)", Required = true };
    private readonly Option<bool> _force = new("--force") { Description = "Write into --out even when it holds files (a package there is replaced file by file)" };
    private readonly Option<string> _name = new("--name") { Description = "Model name (default: svmlight-ltr, or {surface}-ltr)" };
    private readonly Option<string> _version = new("--version") { Description = "Model version", DefaultValueFactory = _ => "1" };
    private readonly Option<string> _objective;
    private readonly Option<int> _trees;
    private readonly Option<int> _leaves;
    private readonly Option<double> _learningRate;
    private readonly Option<int> _minDataInLeaf;
    private readonly Option<int> _seed;
    private readonly Option<int> _earlyStopping;
    private readonly Option<int> _minIterations;
    private readonly Option<int> _truncationLevel;
    private readonly Option<string> _labelGain = new("--label-gain") { Description = "Gain per label value, e.g. 0,1,3,7 (default: 2^label - 1)" };
    private readonly Option<int> _threads;
    private readonly Option<bool> _positionDebias = new("--position-debias")
    {
        Description = "logged: learn a per-position click bias from the logged positions (LightGBM's position-aware lambdarank), so the model learns relevance, not the old ranking's order",
    };

    public TrainingOptions(CliContext context)
    {
        // Each format names the options it reads: the parse-time check below and the loading come from this one table.
        _formats =
        [
            new(TrainingInputs.SvmLight, [_train, _valid], parse => TrainingInputs.FromSvmLight(parse.GetRequiredValue(_train), parse.GetRequiredValue(_valid), parse.GetValue(_features), context.Error)),
            new(TrainingInputs.Marketplace, [_data, _surface], parse => TrainingInputs.FromMarketplace(parse.GetRequiredValue(_data), parse.GetRequiredValue(_surface), parse.GetValue(_features))),
            new(TrainingInputs.Logged, [_data], parse => TrainingInputs.FromLogged(parse.GetRequiredValue(_data), parse.GetValue(_surface), parse.GetValue(_features))),
        ];
        _format = new Option<string>("--format") { Description = "Input format: svmlight, marketplace or logged", DefaultValueFactory = _ => _formats[0].Name };
        _format.AcceptOnlyFromAmong([.. _formats.Select(static f => f.Name)]);
        var defaults = new LambdaMartOptions();
        _objective = new("--objective") { Description = "LightGBM objective: lambdarank or rank_xendcg", DefaultValueFactory = _ => defaults.Objective };
        _trees = new("--trees") { Description = "Maximum boosting iterations", DefaultValueFactory = _ => defaults.Trees };
        _leaves = new("--leaves") { Description = "Leaves per tree", DefaultValueFactory = _ => defaults.Leaves };
        _learningRate = new("--learning-rate") { Description = "Shrinkage", DefaultValueFactory = _ => defaults.LearningRate };
        _minDataInLeaf = new("--min-data-in-leaf") { Description = "Minimum rows per leaf", DefaultValueFactory = _ => defaults.MinDataInLeaf };
        _seed = new("--seed") { Description = "Random seed (training is deterministic for a seed)", DefaultValueFactory = _ => defaults.Seed };
        _earlyStopping = new("--early-stopping") { Description = "Stop after N iterations without a better validation NDCG@10", DefaultValueFactory = _ => defaults.EarlyStoppingRounds };
        _minIterations = new("--min-iterations") { Description = "Never stop early before this many iterations", DefaultValueFactory = _ => defaults.MinIterations };
        _truncationLevel = new("--truncation-level") { Description = "lambdarank: top positions per query the gradients cover", DefaultValueFactory = _ => defaults.TruncationLevel };
        _threads = new("--threads") { Description = "LightGBM threads", DefaultValueFactory = _ => defaults.Threads };
    }

    public void AddTo(Command command)
    {
        Option[] options =
        [
            _format, _train, _valid, _data, _surface, _features, _output, _force, _name, _version, _objective, _trees, _leaves, _learningRate, _minDataInLeaf,
            _seed, _earlyStopping, _minIterations, _truncationLevel, _labelGain, _threads, _positionDebias,
        ];
        foreach (var option in options)
        {
            command.Options.Add(option);
        }

        command.Validators.Add(result =>
        {
            // The token itself: while the command is validated the default is not applied yet, and GetValue throws on a
            // format that AcceptOnlyFromAmong refuses (and reports).
            var given = result.GetResult(_format)?.Tokens is [.., var token] ? token.Value : _formats[0].Name;
            if (Array.Find(_formats, f => f.Name == given) is not { } chosen)
            {
                return;
            }

            foreach (var option in chosen.Requires.Where(option => result.GetResult(option) is null))
            {
                result.AddError($"{option.Name} is required for --format {chosen.Name}.");
            }

            if (result.GetResult(_positionDebias) is not null && chosen.Name != TrainingInputs.Logged)
            {
                result.AddError($"{_positionDebias.Name} needs the positions of logged impressions: --format {TrainingInputs.Logged}.");
            }
        });
    }

    /// <exception cref="ArgumentException">A parameter is out of range; the message names it.</exception>
    public LambdaMartOptions Parameters(ParseResult parse)
    {
        var options = new LambdaMartOptions
        {
            Objective = parse.GetRequiredValue(_objective),
            Trees = parse.GetValue(_trees),
            Leaves = parse.GetValue(_leaves),
            LearningRate = parse.GetValue(_learningRate),
            MinDataInLeaf = parse.GetValue(_minDataInLeaf),
            Seed = parse.GetValue(_seed),
            EarlyStoppingRounds = parse.GetValue(_earlyStopping),
            MinIterations = parse.GetValue(_minIterations),
            TruncationLevel = parse.GetValue(_truncationLevel),
            LabelGain = parse.GetValue(_labelGain) is { } gains ? LambdaMartOptions.ParseLabelGain(gains) : null,
            Threads = parse.GetValue(_threads),
            PositionDebias = parse.GetValue(_positionDebias),
        };
        options.Validate();
        return options;
    }

    public TrainingInputs Inputs(ParseResult parse) => Array.Find(_formats, f => f.Name == parse.GetValue(_format))!.Load(parse);

    /// <exception cref="ArgumentException">--out holds files and --force was not given: a published or committed package is not overwritten by accident.</exception>
    public PackageTarget Package(ParseResult parse, TrainingInputs inputs)
    {
        var output = parse.GetRequiredValue(_output);
        if (!parse.GetValue(_force) && Directory.Exists(output) && Directory.EnumerateFileSystemEntries(output).Any())
        {
            throw new ArgumentException($"--out {output} is not empty; give --force to write the package over what is there, or choose a new folder");
        }

        return new(output, parse.GetValue(_name) ?? inputs.DefaultName, parse.GetRequiredValue(_version));
    }

    /// <summary>An input format and the options it reads, all of which it needs.</summary>
    private sealed record TrainFormat(string Name, IReadOnlyList<Option<string>> Requires, Func<ParseResult, TrainingInputs> Load);
}
