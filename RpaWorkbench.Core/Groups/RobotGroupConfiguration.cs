using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace RpaWorkbench.Core.Groups;

internal sealed class RobotGroupConfiguration : IEntityTypeConfiguration<RobotGroup>
{
    public void Configure(EntityTypeBuilder<RobotGroup> builder)
    {
        builder.ToTable("RobotGroups");
        builder.Property(g => g.Name).HasMaxLength(RobotGroup.MaxNameLength);
        builder.Property(g => g.Description).HasMaxLength(RobotGroup.MaxDescriptionLength);
        builder.Property(g => g.Version).IsConcurrencyToken();
        builder.HasIndex(g => g.Name).IsUnique();

        // Membership rows go with their group or account.
        builder.HasMany(g => g.Accounts).WithMany(a => a.Groups).UsingEntity("RobotGroupMembers");
    }
}
