namespace Ranking.Training.Data;

/// <summary>Parsed rows before densifying: sparse values in row order, and the groups seen so far.</summary>
internal sealed class SvmLightRows
{
    private readonly List<int> _rowStarts = [];
    private readonly List<int> _columns = [];
    private readonly List<float> _values = [];

    public List<float> Labels { get; } = [];
    public List<int> GroupSizes { get; } = [];
    public List<string> QueryIds { get; } = [];
    public bool HasQueryIds { get; set; }
    public int MaxFeatureId { get; private set; }
    public int IgnoredValues { get; set; }
    public int Count => Labels.Count;

    public void StartRow(float label)
    {
        Labels.Add(label);
        _rowStarts.Add(_columns.Count);
    }

    public void AddValue(int featureId, float value)
    {
        _columns.Add(featureId - 1);
        _values.Add(value);
        MaxFeatureId = Math.Max(MaxFeatureId, featureId);
    }

    public float[] ToDense(int width)
    {
        var dense = new float[checked(Count * width)];
        for (var row = 0; row < Count; row++)
        {
            var end = row + 1 < Count ? _rowStarts[row + 1] : _columns.Count;
            for (var i = _rowStarts[row]; i < end; i++)
            {
                dense[(row * width) + _columns[i]] = _values[i];
            }
        }

        return dense;
    }
}
