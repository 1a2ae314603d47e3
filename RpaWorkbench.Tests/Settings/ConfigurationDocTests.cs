using System.Globalization;
using System.Reflection;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using RpaWorkbench.Core.Configuration;
using RpaWorkbench.Tests.Infrastructure;
using RpaWorkbench.Web.Features.Settings;
using RpaWorkbench.Web.Resources;

namespace RpaWorkbench.Tests.Settings;

/// <summary>
/// docs/configuration.md and the settings page come from the same descriptions, and every setting the Workbench binds
/// is described. <c>UPDATE_DOCS=1</c> rewrites the doc from the descriptions instead of comparing.
/// </summary>
public sealed class ConfigurationDocTests(WorkbenchAppFactory app) : IClassFixture<WorkbenchAppFactory>
{
    private static readonly string DocPath = Path.Combine(RepositoryPaths.Root, "docs", "configuration.md");

    [Fact]
    public void ConfigurationDoc_IsWhatTheDescriptionsGenerate()
    {
        var current = File.Exists(DocPath) ? File.ReadAllText(DocPath) : "";
        var generated = ConfigurationDoc.Write(current, app.Services.GetServices<SettingsSection>(), English());
        if (Environment.GetEnvironmentVariable("UPDATE_DOCS") == "1")
        {
            File.WriteAllText(DocPath, generated);
            current = File.ReadAllText(DocPath);
        }

        Assert.True(generated == current,
            "docs/configuration.md differs from the settings' descriptions; run `UPDATE_DOCS=1 dotnet test --filter ConfigurationDocTests` and commit it.");
    }

    [Fact]
    public void ConfigurationDoc_ListsEveryKeyWithItsDefault()
    {
        var doc = File.ReadAllText(DocPath);

        Assert.Contains("| `Workbench:TimeZone` | `Asia/Shanghai` |", doc, StringComparison.Ordinal);
        Assert.Contains("| `Workbench:Robots:MaxRetries` | `2` |", doc, StringComparison.Ordinal);
        Assert.Contains("| `Workbench:Storage:S3:PresignExpiry` | `00:15:00` |", doc, StringComparison.Ordinal);
        Assert.Contains("| `Workbench:Identity:Password:RequiredLength` | `10` |", doc, StringComparison.Ordinal);
        Assert.Contains("| `Workbench:Storage:S3:SecretKey` | (none) |", doc, StringComparison.Ordinal);
        Assert.Contains("| `ConnectionStrings:Workbench` | `Data Source=data/workbench.db` |", doc, StringComparison.Ordinal);
        Assert.Contains("| `Workbench:Webhooks:RateLimit:PermitsPerSecond` | `20000` |", doc, StringComparison.Ordinal);
    }

    [Fact]
    public void EveryBoundOptionsProperty_HasADescription()
    {
        var described = app.Services.GetServices<SettingsSection>().SelectMany(s => s.Settings).Select(s => s.Key).ToHashSet(StringComparer.Ordinal);
        var bound = app.Services.GetServices<BoundOptions>().ToList();

        var keys = bound.SelectMany(b => Keys(b.OptionsType, b.Section)).ToList();
        var missing = keys.Where(key => !described.Contains(key)).ToList();

        Assert.Contains("Workbench:Storage:S3:SecretKey", keys);
        Assert.Contains("Workbench:ForwardedHeaders:KnownNetworks", keys);
        Assert.True(missing.Count == 0, "Bound but not described: " + string.Join(", ", missing));
    }

    [Fact]
    public void EveryWorkbenchOptionsTypeBoundFromConfiguration_IsRegisteredTheOneWay()
    {
        IReadOnlyList<ServiceDescriptor> services = [];
        using var capturing = app.WithWebHostBuilder(host => host.ConfigureTestServices(s => services = s.ToList()));
        _ = capturing.Services;

        var boundFromConfiguration = services
            .Where(d => d.ServiceType.IsGenericType && d.ServiceType.GetGenericTypeDefinition() == typeof(IOptionsChangeTokenSource<>))
            .Select(d => d.ServiceType.GetGenericArguments()[0])
            .Where(t => t.Namespace?.StartsWith("RpaWorkbench", StringComparison.Ordinal) == true)
            .ToHashSet();
        var registered = services.Where(d => d.ServiceType == typeof(BoundOptions))
            .Select(d => ((BoundOptions)d.ImplementationInstance!).OptionsType).ToHashSet();

        Assert.NotEmpty(boundFromConfiguration);
        Assert.Empty(boundFromConfiguration.Except(registered));
        Assert.All(registered, type => Assert.True(
            services.Any(d => d.ServiceType == typeof(IValidateOptions<>).MakeGenericType(type))
            || type.GetProperties().All(p => !p.GetCustomAttributes<System.ComponentModel.DataAnnotations.ValidationAttribute>().Any()),
            $"{type.Name} has validation attributes but no validator"));
    }

    // The configuration keys of an options type: its public settable properties, nested option classes by their path.
    private static IEnumerable<string> Keys(Type type, string section) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.SetMethod?.IsPublic == true)
            .SelectMany(p => IsValue(p.PropertyType) ? [$"{section}:{p.Name}"] : Keys(p.PropertyType, $"{section}:{p.Name}"));

    private static bool IsValue(Type type)
    {
        var inner = Nullable.GetUnderlyingType(type) ?? type;
        return inner.IsPrimitive || inner.IsEnum || inner == typeof(string) || inner == typeof(TimeSpan) || inner == typeof(Uri)
               || inner == typeof(decimal) || typeof(IEnumerable<string>).IsAssignableFrom(inner)
               || typeof(System.Collections.IDictionary).IsAssignableFrom(inner);
    }

    private Func<string, string> English()
    {
        var text = app.Services.GetRequiredService<IStringLocalizer<UiText>>();
        return key =>
        {
            var (ui, culture) = (CultureInfo.CurrentUICulture, CultureInfo.CurrentCulture);
            CultureInfo.CurrentUICulture = CultureInfo.CurrentCulture = new CultureInfo("en");
            try
            {
                var found = text[key];
                Assert.False(found.ResourceNotFound, $"{key} has no English text");
                return found.Value;
            }
            finally
            {
                (CultureInfo.CurrentUICulture, CultureInfo.CurrentCulture) = (ui, culture);
            }
        };
    }
}
