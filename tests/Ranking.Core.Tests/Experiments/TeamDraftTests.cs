using Ranking.Core.Experiments;

namespace Ranking.Core.Tests.Experiments;

public sealed class TeamDraftTests
{
    private static (int[] Merged, byte[] Teams) Merge(int[] a, int[] b, ulong seed)
    {
        var merged = new int[a.Length];
        var teams = new byte[a.Length];
        TeamDraft.Merge(a, b, seed, merged, teams, new bool[a.Length]);
        return (merged, teams);
    }

    [Fact]
    public void Merge_IsAPermutation_AndEveryPrefixIsBalanced()
    {
        var random = new Random(7);
        for (var trial = 0; trial < 500; trial++)
        {
            var n = random.Next(1, 60);
            var a = Enumerable.Range(0, n).OrderBy(_ => random.Next()).ToArray();
            var b = Enumerable.Range(0, n).OrderBy(_ => random.Next()).ToArray();

            var (merged, teams) = Merge(a, b, (ulong)trial);

            Assert.Equal(Enumerable.Range(0, n), merged.Order());
            int picksA = 0, picksB = 0;
            foreach (var item in merged)
            {
                _ = teams[item] == TeamDraft.TeamA ? picksA++ : picksB++;
                Assert.InRange(picksA - picksB, -1, 1);
            }
        }
    }

    [Fact]
    public void Merge_EachTeamPicksItsBestItemNotYetTaken()
    {
        var random = new Random(11);
        for (var trial = 0; trial < 200; trial++)
        {
            var n = random.Next(2, 30);
            var a = Enumerable.Range(0, n).OrderBy(_ => random.Next()).ToArray();
            var b = Enumerable.Range(0, n).OrderBy(_ => random.Next()).ToArray();

            var (merged, teams) = Merge(a, b, (ulong)trial * 31);

            for (var p = 0; p < n; p++)
            {
                var mine = teams[merged[p]] == TeamDraft.TeamA ? a : b;
                var before = merged.Take(p).ToHashSet();
                Assert.Equal(mine.First(i => !before.Contains(i)), merged[p]);
            }
        }
    }

    [Fact]
    public void Merge_OfIdenticalRankings_IsThatRanking()
    {
        int[] order = [3, 1, 4, 0, 2];
        Assert.Equal(order, Merge(order, order, 5).Merged);
    }

    [Fact]
    public void Merge_CoinDecidesWhoPicksFirst_AboutHalfTheTime()
    {
        int[] a = [0, 1, 2, 3];
        int[] b = [3, 2, 1, 0];
        var aFirst = Enumerable.Range(0, 2000).Count(seed => Merge(a, b, (ulong)seed).Merged[0] == 0);

        Assert.InRange(aFirst, 900, 1100);
        Assert.Equal(Merge(a, b, 42).Merged, Merge(a, b, 42).Merged);
    }
}
