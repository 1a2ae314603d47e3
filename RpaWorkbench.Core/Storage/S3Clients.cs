using Amazon.Runtime;
using Amazon.S3;

namespace RpaWorkbench.Core.Storage;

/// <summary>
/// The one way the Workbench builds an S3 client, with the settings that work for Aliyun OSS's S3-compatible endpoint and
/// for s3rver in tests: explicit credentials and endpoint (so the SDK never probes for a region or instance credentials),
/// and checksums only where an operation requires them.
/// </summary>
internal static class S3Clients
{
    public static AmazonS3Client Create(S3StorageOptions options)
    {
        var config = new AmazonS3Config
        {
            ForcePathStyle = options.ForcePathStyle,
            AuthenticationRegion = options.Region,
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
            // Last: setting the endpoint switches off the region probing (environment, profile, instance metadata).
            ServiceURL = options.ServiceUrl,
        };
        return new AmazonS3Client(new BasicAWSCredentials(options.AccessKey, options.SecretKey), config);
    }
}
