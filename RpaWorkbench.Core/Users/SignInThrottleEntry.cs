using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace RpaWorkbench.Core.Users;

/// <summary>
/// A client address's recent failed sign-ins and until when it must wait. In the database, so every instance of the
/// Workbench sees the same waits. A user's own count is Identity's (<c>AccessFailedCount</c>, <c>LockoutEnd</c>).
/// </summary>
public sealed class SignInThrottleEntry
{
    /// <summary>An IPv4 address, or an IPv6 /64 network (one IPv6 client usually has a whole /64 to pick from).</summary>
    public string Address { get; set; } = "";

    public int Failures { get; set; }

    public DateTime LastFailureAt { get; set; }

    /// <summary>No attempt from this address is checked before this time (UTC); null while its failures are free.</summary>
    public DateTime? WaitUntil { get; set; }
}

internal sealed class SignInThrottleEntryConfiguration : IEntityTypeConfiguration<SignInThrottleEntry>
{
    public void Configure(EntityTypeBuilder<SignInThrottleEntry> builder)
    {
        builder.ToTable("SignInThrottles");
        builder.HasKey(e => e.Address);
        // "ffff:ffff:ffff:ffff::/64" and every IPv4 address fit.
        builder.Property(e => e.Address).HasMaxLength(48);
        // Forgotten entries are deleted by age.
        builder.HasIndex(e => e.LastFailureAt);
    }
}
