using System.Text;
using RpaWorkbench.Core.Configuration;

namespace RpaWorkbench.Web.Features.Settings;

/// <summary>
/// docs/configuration.md: a hand-written introduction, then every setting (key, default, meaning) generated from the
/// descriptions the settings page shows, in English. A test fails when the file differs from what this writes.
/// </summary>
public static class ConfigurationDoc
{
    public const string Marker =
        "<!-- Everything below is generated from the settings' descriptions (features' AddWorkbenchOptions and UiText.resx); " +
        "edit those, then run `UPDATE_DOCS=1 dotnet test --filter ConfigurationDocTests`. -->";

    /// <summary>The document: <paramref name="current"/>'s text up to <see cref="Marker"/>, then the generated tables.</summary>
    public static string Write(string current, IEnumerable<SettingsSection> sections, Func<string, string> text)
    {
        var end = current.IndexOf(Marker, StringComparison.Ordinal);
        var doc = new StringBuilder(end < 0 ? current.TrimEnd() + "\n\n" : current[..end]).Append(Marker).Append('\n');
        foreach (var group in SettingsCatalog.Group(sections))
        {
            doc.Append("\n## ").Append(text(group.Group.Title)).Append("\n\n| key | default | meaning |\n|---|---|---|\n");
            var listed = new HashSet<string>(StringComparer.Ordinal);
            // A derived value repeats a listed one; a key shown in two rows (a connection string's servers and password) is listed once.
            foreach (var setting in group.Settings.Where(s => s.Kind != SettingKind.Derived && (s.Key.Length == 0 || listed.Add(s.Key))))
            {
                var key = setting.Kind == SettingKind.Fixed ? "(fixed, not configurable)" : $"`{setting.Key}`";
                doc.Append("| ").Append(key)
                    .Append(" | ").Append(Default(setting.Default))
                    .Append(" | ").Append(Cell($"{text(setting.Label)}: {text(setting.Meaning)}"))
                    .Append(" |\n");
            }
        }

        return doc.ToString();
    }

    // "(none)" and "(objects next to the database)" describe a default; anything else is the literal value.
    private static string Default(string value) => value.StartsWith('(') ? Cell(value) : $"`{value}`";

    private static string Cell(string value) => value.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
}
