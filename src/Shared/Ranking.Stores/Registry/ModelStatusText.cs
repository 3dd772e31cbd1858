using System.Diagnostics.CodeAnalysis;

namespace Ranking.Stores.Registry;

/// <summary>
/// <see cref="ModelStatus"/> as stored and printed (lower-case). Hand-written rather than <c>Enum.ToString</c>/<c>Enum.Parse</c>,
/// so the stored words cannot change with a rename and no reflection is needed under native AOT.
/// </summary>
public static class ModelStatusText
{
    public static string ToText(this ModelStatus status) => status switch
    {
        ModelStatus.Published => "published",
        ModelStatus.Validated => "validated",
        ModelStatus.Rejected => "rejected",
        ModelStatus.Live => "live",
        ModelStatus.Retired => "retired",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "not a model status"),
    };

    public static bool TryParse(string? text, [NotNullWhen(true)] out ModelStatus? status)
    {
        status = text switch
        {
            "published" => ModelStatus.Published,
            "validated" => ModelStatus.Validated,
            "rejected" => ModelStatus.Rejected,
            "live" => ModelStatus.Live,
            "retired" => ModelStatus.Retired,
            _ => null,
        };
        return status is not null;
    }
}
