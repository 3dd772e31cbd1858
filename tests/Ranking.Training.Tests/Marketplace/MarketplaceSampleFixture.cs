using Ranking.Training.Marketplace;

namespace Ranking.Training.Tests.Marketplace;

/// <summary>One default-sized sample, generated once and written to a temp folder, shared by the marketplace tests.</summary>
public sealed class MarketplaceSampleFixture : IDisposable
{
    public MarketplaceSampleFixture()
    {
        Sample = SampleGenerator.Generate(new SampleGeneratorOptions());
        Directory = Path.Combine(Path.GetTempPath(), "ranking-marketplace-" + Guid.NewGuid().ToString("N"));
        SampleGenerator.Write(Sample, Directory);
    }

    public MarketplaceSample Sample { get; }
    public string Directory { get; }

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}
