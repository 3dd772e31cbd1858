using System.Globalization;
using System.Numerics;
using System.Text;
using FsCheck;
using FsCheck.Xunit;
using Ranking.Core.Models;

namespace Ranking.Core.Tests.Models;

public sealed class ModelVersionOrderTests
{
    [Theory]
    [InlineData("2", "10")]
    [InlineData("9", "10")]
    [InlineData("v9", "v10")]
    [InlineData("1.9", "1.10")]
    [InlineData("1.10", "2.0")]
    [InlineData("v1.2.9", "v1.2.10")]
    [InlineData("99999999999999999999", "100000000000000000000")]
    [InlineData("1", "1.0")]
    [InlineData("1", "01")]
    [InlineData("10", "v1")]
    [InlineData("1-rc", "1.0")]
    [InlineData("a", "b")]
    public void Compare_OrdersOlderBeforeNewer(string older, string newer)
    {
        Assert.True(ModelVersionOrder.Compare(older, newer) < 0);
        Assert.True(ModelVersionOrder.Compare(newer, older) > 0);
        Assert.True(string.CompareOrdinal(ModelVersionOrder.SortKey(older), ModelVersionOrder.SortKey(newer)) < 0);
    }

    [Theory]
    [InlineData(new string[0], "1")]
    [InlineData(new[] { "1" }, "2")]
    [InlineData(new[] { "9", "12", "10" }, "13")]
    [InlineData(new[] { "v1.9" }, "v1.10")]
    [InlineData(new[] { "1.09" }, "1.10")]
    [InlineData(new[] { "99999999999999999999" }, "100000000000000000000")]
    [InlineData(new[] { "1-rc" }, "1-rc.1")]
    [InlineData(new[] { "2", "1-rc" }, "3")]
    [InlineData(new[] { "abc" }, "abc.1")]
    public void Next_IncrementsTheNewestsLastNumber_OrAppendsOne(string[] versions, string expected)
    {
        Assert.Equal(expected, ModelVersionOrder.Next(versions));
    }

    [Property(Arbitrary = [typeof(VersionStrings)])]
    public bool Next_SortsAfterEveryVersion(string[] versions) =>
        versions.All(v => ModelVersionOrder.Compare(ModelVersionOrder.Next(versions), v) > 0);

    [Fact]
    public void Comparer_SortsVersionsNaturally()
    {
        List<string> versions = ["v10", "10", "1.10", "v9", "2", "1.9", "1"];

        versions.Sort(ModelVersionOrder.Comparer);

        Assert.Equal(["1", "1.9", "1.10", "2", "10", "v9", "v10"], versions);
    }

    [Fact]
    public void Compare_PutsNullFirst()
    {
        Assert.True(ModelVersionOrder.Compare(null, "") < 0);
        Assert.Equal(0, ModelVersionOrder.Compare(null, null));
    }

    [Property(Arbitrary = [typeof(VersionStrings)])]
    public bool Compare_IsZeroOnlyForTheSameString(string a, string b) =>
        ModelVersionOrder.Compare(a, b) == 0 == string.Equals(a, b, StringComparison.Ordinal)
        && ModelVersionOrder.Compare(a, new string(a.AsSpan())) == 0;

    [Property(Arbitrary = [typeof(VersionStrings)])]
    public bool Compare_PutsANumberBeforeItselfWithMoreLeadingZeros(string version, PositiveInt zeros)
    {
        if (version.AsSpan().IndexOfAnyInRange('0', '9') < 0)
        {
            version += "1";
        }

        var padded = version.Insert(version.AsSpan().IndexOfAnyInRange('0', '9'), new string('0', zeros.Get));
        return ModelVersionOrder.Compare(version, padded) < 0 && ModelVersionOrder.Compare(padded, version) > 0;
    }

    [Property(Arbitrary = [typeof(VersionStrings)])]
    public bool Compare_IsAntisymmetric(string a, string b) =>
        Math.Sign(ModelVersionOrder.Compare(a, b)) == -Math.Sign(ModelVersionOrder.Compare(b, a));

    [Property(Arbitrary = [typeof(VersionStrings)])]
    public bool Compare_IsTransitive(string a, string b, string c)
    {
        string[] sorted = [a, b, c];
        Array.Sort(sorted, ModelVersionOrder.Comparer);
        return ModelVersionOrder.Compare(sorted[0], sorted[1]) <= 0
            && ModelVersionOrder.Compare(sorted[1], sorted[2]) <= 0
            && ModelVersionOrder.Compare(sorted[0], sorted[2]) <= 0;
    }

    [Property(Arbitrary = [typeof(VersionStrings)])]
    public bool Sort_PutsEveryPairInOrder(string[] versions)
    {
        var sorted = versions.Order(ModelVersionOrder.Comparer).ToArray();
        for (var i = 0; i < sorted.Length; i++)
        {
            for (var j = i + 1; j < sorted.Length; j++)
            {
                if (ModelVersionOrder.Compare(sorted[i], sorted[j]) > 0)
                {
                    return false;
                }
            }
        }

        return true;
    }

    [Property]
    public bool Compare_AgreesWithIntegerOrder(ulong x, ulong y, bool prefixed)
    {
        var (a, b) = prefixed ? ($"v1.{x}", $"v1.{y}") : (Invariant(x), Invariant(y));
        return Math.Sign(ModelVersionOrder.Compare(a, b)) == x.CompareTo(y);
    }

    [Property]
    public bool Compare_AgreesWithIntegerOrder_BeyondAnyIntegerType(NonEmptyArray<byte> xDigits, NonEmptyArray<byte> yDigits)
    {
        var (a, b) = (Digits(xDigits.Get), Digits(yDigits.Get));
        var (x, y) = (BigInteger.Parse(a, CultureInfo.InvariantCulture), BigInteger.Parse(b, CultureInfo.InvariantCulture));
        // Equal numbers differ only in leading zeros: fewer zeros, a shorter string, comes first.
        return Math.Sign(ModelVersionOrder.Compare(a, b)) == (x == y ? Math.Sign(a.Length - b.Length) : x.CompareTo(y));
    }

    [Property(Arbitrary = [typeof(VersionStrings)])]
    public bool SortKey_OrdersAsCompare_ByUtf16AndByUtf8Bytes(string a, string b)
    {
        var (keyA, keyB) = (ModelVersionOrder.SortKey(a), ModelVersionOrder.SortKey(b));
        var expected = Math.Sign(ModelVersionOrder.Compare(a, b));
        return Math.Sign(string.CompareOrdinal(keyA, keyB)) == expected
            && Math.Sign(Encoding.UTF8.GetBytes(keyA).AsSpan().SequenceCompareTo(Encoding.UTF8.GetBytes(keyB))) == expected;
    }

    [Property(Arbitrary = [typeof(VersionStrings)])]
    public bool SortKey_IsAscii(string version) => ModelVersionOrder.SortKey(version).All(char.IsAscii);

    private static string Invariant(ulong value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>Decimal digits with leading zeros kept, so numbers equal apart from zeros occur.</summary>
    private static string Digits(byte[] raw) => string.Concat(raw.Take(40).Select(d => (char)('0' + (d % 10))));
}
