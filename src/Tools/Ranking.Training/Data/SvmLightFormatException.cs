namespace Ranking.Training.Data;

/// <summary>Malformed SVMlight/LETOR input. The message names the file, the 1-based line and the reason.</summary>
internal sealed class SvmLightFormatException : FormatException
{
    public SvmLightFormatException()
    {
    }

    public SvmLightFormatException(string message)
        : base(message)
    {
    }

    public SvmLightFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    internal static SvmLightFormatException At(string file, int line, string reason) =>
        new(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{file}:{line}: {reason}"));
}
