using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace RpaWorkbench.Core.Accounts;

internal sealed class AccountConfiguration : IEntityTypeConfiguration<Account>
{
    public void Configure(EntityTypeBuilder<Account> builder)
    {
        builder.Property(a => a.ShadowBotAccount).HasMaxLength(AccountRules.MaxAccountLength);
        builder.Property(a => a.HostIp).HasMaxLength(AccountRules.MaxHostLength);
        builder.Property(a => a.RecentApp).HasMaxLength(200);
        builder.Property(a => a.TaskControl).HasMaxLength(400);
        builder.Property(a => a.ShadowBotStatus).HasMaxLength(AccountRules.MaxShadowBotStatusLength);
        builder.Property(a => a.Version).IsConcurrencyToken();

        builder.HasIndex(a => new { a.ShadowBotAccount, a.HostIp, a.Port }).IsUnique();
        builder.HasIndex(a => a.TaskControl).IsUnique();
        // No index on status, heartbeat or dates: every callback moves them, and a scan of even 10,000 accounts for the
        // accounts page costs a few milliseconds, less than the index writes would cost ingest.
    }
}
