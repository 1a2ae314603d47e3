using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.WebUtilities;

namespace RpaWorkbench.Core.Storage;

/// <summary>A time-limited URL that downloads a config file without any other credential, and when it stops working (UTC).</summary>
public sealed record ConfigFileLink(Uri Url, DateTime ExpiresAt);

/// <summary>What a config file link's token says.</summary>
public enum ConfigFileTokenState
{
    Valid,
    Expired,

    /// <summary>Not made by this Workbench's keys, altered, or not a config file's key.</summary>
    Invalid,
}

/// <summary>
/// The config file URLs robots get (<c>config/get</c>, <c>config_file_url</c> in a start): the store's presigned URL
/// when it has one (S3), else a Workbench link <c>{base}/api/v1/resources/config-files/{token}</c> whose token is the
/// object key and an expiry, encrypted and signed with the Workbench's Data Protection keys. The token is the whole
/// credential, like a presigned URL's signature: it names one file, cannot be altered, and stops working after
/// <see cref="StorageOptions.ConfigUrlLifetime"/>, checked against <see cref="TimeProvider"/>.
/// </summary>
public sealed class ConfigFileLinks(
    ConfigFileService files,
    IDataProtectionProvider protection,
    IOptions<StorageOptions> options,
    WorkbenchAddress address,
    TimeProvider clock)
{
    /// <summary>The route of the Workbench links, relative to the base URL; the token follows.</summary>
    public const string PathPrefix = "api/v1/resources/config-files/";

    private const string Purpose = "RpaWorkbench.Storage.ConfigFileLink.v1";
    private readonly IDataProtector _protector = protection.CreateProtector(Purpose);

    /// <summary>
    /// A link to the config file under <paramref name="key"/>; <paramref name="requestBase"/> is where the asking robot
    /// reached the Workbench, if it asked over HTTP. Null only when the Workbench must serve the file and knows no
    /// address to link to (see <see cref="WorkbenchAddress"/>).
    /// </summary>
    public async Task<ConfigFileLink?> CreateAsync(string key, Uri? requestBase, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var presigned = await files.GetDownloadUrlAsync(key, cancellationToken);
        if (presigned is not null)
        {
            return new ConfigFileLink(presigned, (now + options.Value.S3.PresignExpiry).UtcDateTime);
        }

        var baseUrl = address.ForRobots(requestBase);
        if (baseUrl is null)
        {
            return null;
        }

        var expires = now + options.Value.ConfigUrlLifetime;
        return new ConfigFileLink(new Uri(baseUrl, PathPrefix + Protect(key, expires)), expires.UtcDateTime);
    }

    /// <summary>The key a token links to, when <see cref="ConfigFileTokenState.Valid"/>.</summary>
    public ConfigFileTokenState Read(string? token, out string key)
    {
        key = "";
        byte[] payload;
        try
        {
            payload = _protector.Unprotect(WebEncoders.Base64UrlDecode(token ?? ""));
        }
        catch (Exception ex) when (ex is CryptographicException or FormatException)
        {
            return ConfigFileTokenState.Invalid;
        }

        if (payload.Length <= sizeof(long))
        {
            return ConfigFileTokenState.Invalid;
        }

        var expires = DateTimeOffset.FromUnixTimeMilliseconds(BinaryPrimitives.ReadInt64BigEndian(payload));
        var linked = Encoding.UTF8.GetString(payload.AsSpan(sizeof(long)));
        if (!ObjectKeys.IsConfigFile(linked))
        {
            return ConfigFileTokenState.Invalid;
        }

        if (clock.GetUtcNow() >= expires)
        {
            return ConfigFileTokenState.Expired;
        }

        key = linked;
        return ConfigFileTokenState.Valid;
    }

    private string Protect(string key, DateTimeOffset expires)
    {
        var payload = new byte[sizeof(long) + Encoding.UTF8.GetByteCount(key)];
        BinaryPrimitives.WriteInt64BigEndian(payload, expires.ToUnixTimeMilliseconds());
        Encoding.UTF8.GetBytes(key, payload.AsSpan(sizeof(long)));
        return WebEncoders.Base64UrlEncode(_protector.Protect(payload));
    }
}
