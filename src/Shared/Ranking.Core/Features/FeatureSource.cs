using System.Text.Json.Serialization;

namespace Ranking.Core.Features;

/// <summary>Where a feature's value comes from. Serialized in manifests as the lower-case names below.</summary>
public enum FeatureSource
{
    /// <summary><c>candidate</c>: a number the request supplies per candidate, under <see cref="FeatureSpec.Field"/>.</summary>
    [JsonStringEnumMemberName("candidate")]
    Candidate,
    /// <summary><c>item</c>: an item attribute: <c>price</c> or a numeric attribute such as <c>likes</c>.</summary>
    [JsonStringEnumMemberName("item")]
    Item,
    /// <summary><c>user</c>: a numeric user attribute.</summary>
    [JsonStringEnumMemberName("user")]
    User,
    /// <summary><c>context</c>: a numeric request context value.</summary>
    [JsonStringEnumMemberName("context")]
    Context,
    /// <summary><c>item_age</c>: days since the item's <c>listedAt</c>, at request time.</summary>
    [JsonStringEnumMemberName("item_age")]
    ItemAge,
    /// <summary><c>affinity</c>: the user's weight for the item's <c>brand</c>, <c>category</c> or <c>size</c>.</summary>
    [JsonStringEnumMemberName("affinity")]
    Affinity,
    /// <summary><c>text_match</c>: the share of query tokens found in the item title (0 with no query).</summary>
    [JsonStringEnumMemberName("text_match")]
    TextMatch,
    /// <summary><c>one_hot</c>: 1 when a categorical value (<c>item.brand</c>, <c>context.platform</c>, ...) equals <see cref="FeatureSpec.Value"/>.</summary>
    [JsonStringEnumMemberName("one_hot")]
    OneHot,
}
