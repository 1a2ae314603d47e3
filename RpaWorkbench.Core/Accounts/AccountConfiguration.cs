using Microsoft.EntityFrameworkCore;
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
        builder.Property(a => a.Version).IsConcurrencyToken();

        builder.HasIndex(a => new { a.ShadowBotAccount, a.HostIp, a.Port }).IsUnique();
        builder.HasIndex(a => a.TaskControl).IsUnique();
        builder.HasIndex(a => a.HostIp);
        builder.HasIndex(a => a.Status);
        builder.HasIndex(a => a.Unregistered);
        builder.HasIndex(a => a.LastHeartbeatAt);
        builder.HasIndex(a => a.CreatedAt);
    }
}
