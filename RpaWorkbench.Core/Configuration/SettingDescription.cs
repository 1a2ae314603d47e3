namespace RpaWorkbench.Core.Configuration;

/// <summary>A group of settings: one table on the settings page, one section of docs/configuration.md.</summary>
/// <param name="Title">Resource key of the group's title.</param>
/// <param name="Order">Where the group comes on the page and in the doc.</param>
public sealed record SettingsGroup(string Title, int Order);

public enum SettingKind
{
    /// <summary>A configuration key; the page shows its value in effect.</summary>
    Value,

    /// <summary>A configuration key whose value is never shown, only whether it is set.</summary>
    Secret,

    /// <summary>Not configurable; the page and the doc show the value.</summary>
    Fixed,

    /// <summary>Shown on the page, worked out from another setting that the doc already lists.</summary>
    Derived,
}

/// <summary>One setting as operators see it.</summary>
/// <param name="Key">The full configuration key (<c>Workbench:Robots:MaxRetries</c>); empty for a fixed or derived value with no key of its own.</param>
/// <param name="Label">Resource key of the label; the meaning is under <see cref="Meaning"/>.</param>
/// <param name="Default">The value with nothing configured, as docs/configuration.md shows it (invariant culture).</param>
/// <param name="Read">The value in effect, as the settings page shows it (for a secret: whether it is set).</param>
public sealed record SettingDescription(string Key, string Label, string Default, SettingKind Kind, Func<IServiceProvider, string> Read)
{
    /// <summary>Resource key of the sentence that says what the setting does.</summary>
    public string Meaning => Label + ".Meaning";
}

/// <summary>The settings one feature describes, in the group they are shown in.</summary>
public sealed record SettingsSection(SettingsGroup Group, IReadOnlyList<SettingDescription> Settings);
