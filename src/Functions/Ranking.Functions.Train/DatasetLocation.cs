namespace Ranking.Functions.Train;

/// <summary>An S3 folder of Parquet files, <c>s3://bucket/prefix/</c>: what the pipeline's Athena step unloaded.</summary>
internal sealed record DatasetLocation(string Bucket, string Prefix)
{
    public override string ToString() => $"s3://{Bucket}/{Prefix}";

    /// <exception cref="InvalidDataException">Not an <c>s3://bucket/folder/</c> URI; the message names <paramref name="field"/>.</exception>
    public static DatasetLocation Parse(string uri, string field)
    {
        const string Scheme = "s3://";
        if (!uri.StartsWith(Scheme, StringComparison.Ordinal))
        {
            throw new InvalidDataException($"{field} '{uri}' must be an S3 folder, s3://bucket/prefix/.");
        }

        var path = uri[Scheme.Length..];
        var slash = path.IndexOf('/', StringComparison.Ordinal);
        var bucket = slash < 0 ? path : path[..slash];
        var prefix = slash < 0 ? "" : path[(slash + 1)..];
        if (bucket.Length is < 3 or > 63 || !bucket.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '.'))
        {
            throw new InvalidDataException($"{field} '{uri}' does not name an S3 bucket (3-63 of a-z 0-9 - .).");
        }

        // A folder, not a key prefix: "datasets/feed/2026-12-0" would also read 2026-12-01's and 2026-12-09's files.
        if (prefix.Length == 0 || !prefix.EndsWith('/'))
        {
            throw new InvalidDataException($"{field} '{uri}' must be a folder under the bucket, ending in '/'.");
        }

        return new DatasetLocation(bucket, prefix);
    }
}
