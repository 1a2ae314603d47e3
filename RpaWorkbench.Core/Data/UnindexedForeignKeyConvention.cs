using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Metadata.Conventions;
using Microsoft.EntityFrameworkCore.Metadata.Conventions.Infrastructure;

namespace RpaWorkbench.Core.Data;

/// <summary>
/// EF indexes every foreign key by convention. A key marked with <see cref="LeaveUnindexed{T}"/> is not: on a table
/// written thousands of times a second an index costs every insert a page write, while the parent rows it would
/// serve are deleted rarely (the delete then scans instead).
/// </summary>
internal sealed class UnindexedForeignKeyConvention(ProviderConventionSetBuilderDependencies dependencies)
    : ForeignKeyIndexConvention(dependencies)
{
    private const string Annotation = "Workbench:Unindexed";

    public static void LeaveUnindexed<T>(PropertyBuilder<T> property) => property.HasAnnotation(Annotation, true);

    protected override IConventionIndex? CreateIndex(
        IReadOnlyList<IConventionProperty> properties, bool unique, IConventionEntityTypeBuilder entityTypeBuilder) =>
        properties.Any(p => p.FindAnnotation(Annotation) is not null)
            ? null
            : base.CreateIndex(properties, unique, entityTypeBuilder);

    // Relationships are discovered before entity configuration runs, so their indexes exist by the time a key is
    // marked; drop them once the model is complete (CreateIndex above keeps them from coming back).
    public override void ProcessModelFinalizing(IConventionModelBuilder modelBuilder, IConventionContext<IConventionModelBuilder> context)
    {
        base.ProcessModelFinalizing(modelBuilder, context);
        foreach (var entity in modelBuilder.Metadata.GetEntityTypes())
        {
            var marked = entity.GetDeclaredIndexes()
                .Where(i => i.Properties.Count == 1 && i.Properties[0].FindAnnotation(Annotation) is not null)
                .ToList();
            foreach (var index in marked)
            {
                entity.RemoveIndex(index);
            }
        }
    }
}
