namespace Ranking.Lambda.Metrics;

/// <summary>Maps <see cref="EmfUnit"/> to the exact strings of the specification (no Enum.ToString: AOT and the "/Second" names).</summary>
internal static class EmfUnitNames
{
    public static string Of(EmfUnit unit) => unit switch
    {
        EmfUnit.Seconds => "Seconds",
        EmfUnit.Microseconds => "Microseconds",
        EmfUnit.Milliseconds => "Milliseconds",
        EmfUnit.Bytes => "Bytes",
        EmfUnit.Kilobytes => "Kilobytes",
        EmfUnit.Megabytes => "Megabytes",
        EmfUnit.Gigabytes => "Gigabytes",
        EmfUnit.Terabytes => "Terabytes",
        EmfUnit.Bits => "Bits",
        EmfUnit.Kilobits => "Kilobits",
        EmfUnit.Megabits => "Megabits",
        EmfUnit.Gigabits => "Gigabits",
        EmfUnit.Terabits => "Terabits",
        EmfUnit.Percent => "Percent",
        EmfUnit.Count => "Count",
        EmfUnit.BytesPerSecond => "Bytes/Second",
        EmfUnit.KilobytesPerSecond => "Kilobytes/Second",
        EmfUnit.MegabytesPerSecond => "Megabytes/Second",
        EmfUnit.GigabytesPerSecond => "Gigabytes/Second",
        EmfUnit.TerabytesPerSecond => "Terabytes/Second",
        EmfUnit.BitsPerSecond => "Bits/Second",
        EmfUnit.KilobitsPerSecond => "Kilobits/Second",
        EmfUnit.MegabitsPerSecond => "Megabits/Second",
        EmfUnit.GigabitsPerSecond => "Gigabits/Second",
        EmfUnit.TerabitsPerSecond => "Terabits/Second",
        EmfUnit.CountPerSecond => "Count/Second",
        _ => "None",
    };
}
