namespace Ranking.Training.LightGbm;

/// <summary>A LightGBM C API call failed; the message carries <c>LGBM_GetLastError</c>.</summary>
public sealed class LightGbmException : Exception
{
    public LightGbmException()
    {
    }

    public LightGbmException(string message)
        : base(message)
    {
    }

    public LightGbmException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
