using Amazon.S3;
using Amazon.S3.Model;

namespace Ranking.Functions.Train;

/// <summary>Copies a dataset folder from S3 to local disk (Lambda's /tmp), where DuckDB reads it as the CLI reads a folder.</summary>
internal static class DatasetDownload
{
    /// <returns>The files written and their total size.</returns>
    /// <exception cref="InvalidDataException">The folder holds no data file.</exception>
    public static async Task<(int Files, long Bytes)> ToFolderAsync(IAmazonS3 s3, DatasetLocation location, string folder, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(folder);
        var files = 0;
        long bytes = 0;
        var request = new ListObjectsV2Request { BucketName = location.Bucket, Prefix = location.Prefix };
        do
        {
            var page = await s3.ListObjectsV2Async(request, cancellationToken);
            foreach (var entry in page.S3Objects ?? [])
            {
                // Empty objects are folder markers (the console's) or an UNLOAD part with no rows: nothing to read.
                if (entry.Size is null or 0 || entry.Key.EndsWith('/'))
                {
                    continue;
                }

                // Athena names UNLOAD's files without an extension; the reader takes a folder's *.parquet files.
                var path = Path.Combine(folder, $"part-{files:D5}.parquet");
                using (var response = await s3.GetObjectAsync(location.Bucket, entry.Key, cancellationToken))
                await using (var output = File.Create(path))
                {
                    await response.ResponseStream.CopyToAsync(output, cancellationToken);
                }

                files++;
                bytes += entry.Size.Value;
            }

            request.ContinuationToken = page.NextContinuationToken;
        }
        while (!string.IsNullOrEmpty(request.ContinuationToken));

        return files > 0 ? (files, bytes) : throw new InvalidDataException($"dataset {location} holds no data files.");
    }
}
