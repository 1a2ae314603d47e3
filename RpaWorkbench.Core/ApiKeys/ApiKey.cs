namespace RpaWorkbench.Core.ApiKeys;

/// <summary>A key robots and scripts use to call the APIs. Only a hash of the secret is stored.</summary>
public class ApiKey
{
    public long Id { get; set; }
    public required string Name { get; set; }

    /// <summary>The first characters of the key, shown so operators can tell keys apart.</summary>
    public required string Prefix { get; set; }

    /// <summary>SHA-256 of the whole key, hex.</summary>
    public required string Hash { get; set; }

    /// <summary>One of <see cref="ApiKeyScopes.All"/>.</summary>
    public string Scope { get; set; } = ApiKeyScopes.Robot;

    /// <summary>
    /// The user the key acts for (its role caps the key's); null only for the Workbench's own robot keys (configuration,
    /// simulated robot) and keys whose creator was no user.
    /// </summary>
    public string? OwnerId { get; set; }

    public string? CreatedBy { get; set; }
    public DateTime CreatedAt { get; set; }

    /// <summary>After this (UTC) the key is refused; null for a key that does not expire.</summary>
    public DateTime? ExpiresAt { get; set; }

    public DateTime? LastUsedAt { get; set; }
    public DateTime? RevokedAt { get; set; }
}
