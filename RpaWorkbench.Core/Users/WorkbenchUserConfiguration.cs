using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace RpaWorkbench.Core.Users;

internal sealed class WorkbenchUserConfiguration : IEntityTypeConfiguration<WorkbenchUser>
{
    public void Configure(EntityTypeBuilder<WorkbenchUser> builder) =>
        builder.Property(u => u.DisplayName).HasMaxLength(UserRules.MaxDisplayNameLength);
}

/// <summary>The three roles exist from the first migration on, so no start-up code has to race to create them.</summary>
internal sealed class WorkbenchRoleConfiguration : IEntityTypeConfiguration<IdentityRole>
{
    public void Configure(EntityTypeBuilder<IdentityRole> builder) =>
        builder.HasData(Roles.All.Select(role => new IdentityRole
        {
            Id = role.ToLowerInvariant(),
            Name = role,
            NormalizedName = role.ToUpperInvariant(),
            // Fixed, so the model does not change (and ask for a migration) on every build.
            ConcurrencyStamp = $"{role.ToLowerInvariant()}-role",
        }));
}
