using Microsoft.ML.OnnxRuntime;
using Ranking.Core.Scoring;

namespace Ranking.Benchmarks;

/// <summary>
/// The floor for scoring: an ONNX Runtime session with the options <c>OnnxScorer</c> uses, run over
/// <see cref="OrtValue"/>s created once over caller-owned arrays, one input value per matrix. The arrays stay
/// pinned by the values until <see cref="Dispose"/>; Run reads one matrix and writes the scores in place.
/// </summary>
internal sealed class RawOnnxSession : IDisposable
{
    private readonly InferenceSession _session;
    private readonly RunOptions _runOptions = new();
    private readonly string[] _inputNames;
    private readonly string[] _outputNames;
    /// <summary>One single-value input list per matrix, so a run allocates no list.</summary>
    private readonly OrtValue[][] _inputs;
    private readonly OrtValue[] _outputs;

    /// <param name="matrices">Each exactly <c>rows x width</c> values, row-major.</param>
    /// <param name="scores">Exactly <c>rows</c> values; holds the scores after each <see cref="Run"/>.</param>
    public RawOnnxSession(byte[] model, string input, string output, float[][] matrices, float[] scores, int rows, int width)
    {
        using (var options = OnnxScorer.CreateOptions())
        {
            _session = new InferenceSession(model, options);
        }

        _inputNames = [input];
        _outputNames = [output];
        // The exported model declares float[N] or float[N, 1]; the output value must match its rank.
        long[] outputShape = _session.OutputMetadata[output].Dimensions.Length == 2 ? [rows, 1] : [rows];
        _inputs = new OrtValue[matrices.Length][];
        for (var i = 0; i < matrices.Length; i++)
        {
            _inputs[i] = [OrtValue.CreateTensorValueFromMemory(matrices[i], [rows, width])];
        }

        _outputs = [OrtValue.CreateTensorValueFromMemory(scores, outputShape)];
    }

    /// <summary>Scores <c>matrices[<paramref name="matrix"/>]</c> into the scores array.</summary>
    public void Run(int matrix) => _session.Run(_runOptions, _inputNames, _inputs[matrix], _outputNames, _outputs);

    public void Dispose()
    {
        foreach (var input in _inputs)
        {
            input[0].Dispose();
        }

        _outputs[0].Dispose();
        _runOptions.Dispose();
        _session.Dispose();
    }
}
