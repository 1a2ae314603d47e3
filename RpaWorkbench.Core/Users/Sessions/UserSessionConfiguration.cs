using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace RpaWorkbench.Core.Users.Sessions;

internal sealed class UserSessionConfiguration : IEntityTypeConfiguration<UserSession>
{
    public void Configure(EntityTypeBuilder<UserSession> builder)
    {
        builder.Property(s => s.Id).HasMaxLength(64);
        builder.Property(s => s.SecurityStamp).HasMaxLength(256);
        builder.Property(s => s.ClientAddress).HasMaxLength(SessionClient.MaxAddressLength);
        builder.Property(s => s.UserAgent).HasMaxLength(SessionClient.MaxUserAgentLength);
        builder.HasOne<WorkbenchUser>().WithMany().HasForeignKey(s => s.UserId).OnDelete(DeleteBehavior.Cascade);
        // A user's sessions (listing, ending them all) and the clean-up of expired ones.
        builder.HasIndex(s => s.UserId);
        builder.HasIndex(s => s.ExpiresAt);
    }
}
