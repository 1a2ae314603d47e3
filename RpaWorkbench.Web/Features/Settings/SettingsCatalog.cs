using RpaWorkbench.Core.Configuration;

namespace RpaWorkbench.Web.Features.Settings;

/// <summary>A setting with the value in effect (for a secret: whether it is set).</summary>
public sealed record SettingRow(SettingDescription Setting, string Value);

/// <summary>A group of the settings page with its values.</summary>
public sealed record SettingGroupRows(SettingsGroup Group, IReadOnlyList<SettingRow> Rows);

/// <summary>
/// Every setting the features describe, grouped for the settings page (admins only) and docs/configuration.md. Values
/// are read from the bound options, so defaults and overrides are applied; secrets are never read out.
/// </summary>
public sealed class SettingsCatalog(IEnumerable<SettingsSection> sections, IServiceProvider services, ICurrentUser user)
{
    /// <summary>The groups in their order, each with the settings of every feature that shows settings in it.</summary>
    public static IReadOnlyList<SettingsSection> Group(IEnumerable<SettingsSection> sections) =>
        sections.GroupBy(s => s.Group)
            .OrderBy(g => g.Key.Order)
            .Select(g => new SettingsSection(g.Key, g.SelectMany(s => s.Settings).ToList()))
            .ToList();

    /// <summary>
    /// A meaning's plain text and its <c>`literal`</c> parts (values, keys, commands): the page shows those as code, so
    /// they read the same in both languages; docs/configuration.md keeps the backticks as Markdown.
    /// </summary>
    public static IEnumerable<(string Text, bool IsCode)> Segments(string meaning) =>
        meaning.Split('`').Select((text, i) => (text, i % 2 == 1)).Where(s => s.text.Length > 0);

    /// <summary>Every group with the values in effect, in the order the page shows them.</summary>
    public IReadOnlyList<SettingGroupRows> Read()
    {
        user.RequireAdminister();
        return Group(sections)
            .Select(g => new SettingGroupRows(g.Group, g.Settings.Select(s => new SettingRow(s, s.Read(services))).ToList()))
            .ToList();
    }
}
