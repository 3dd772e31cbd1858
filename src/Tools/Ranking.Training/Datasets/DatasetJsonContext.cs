using System.Text.Json.Serialization;

namespace Ranking.Training.Datasets;

[JsonSerializable(typeof(List<string>))]
internal sealed partial class DatasetJsonContext : JsonSerializerContext;
