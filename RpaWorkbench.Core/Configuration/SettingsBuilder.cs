using System.Linq.Expressions;

namespace RpaWorkbench.Core.Configuration;

/// <summary>Describes a feature's settings that are not properties of its options (connection strings, host settings, fixed values).</summary>
public class SettingsBuilder(SettingsGroup group)
{
    /// <summary>What a secret shows: never its value.</summary>
    public const string SecretSet = "set";

    public const string SecretNotSet = "not set";

    /// <summary>The doc's default of a setting that is empty unless configured.</summary>
    public const string NoDefault = "(none)";

    private readonly List<SettingDescription> _settings = [];

    public SettingsBuilder Value(string key, string label, string defaultText, Func<IServiceProvider, string> read) =>
        Add(new SettingDescription(key, label, defaultText, SettingKind.Value, read));

    public SettingsBuilder Secret(string key, string label, Func<IServiceProvider, string?> read) =>
        Add(new SettingDescription(key, label, NoDefault, SettingKind.Secret, sp => string.IsNullOrEmpty(read(sp)) ? SecretNotSet : SecretSet));

    public SettingsBuilder Fixed(string label, object value) =>
        Add(new SettingDescription("", label, Text(value), SettingKind.Fixed, _ => Text(value)));

    public SettingsBuilder Derived(string key, string label, Func<IServiceProvider, string> read) =>
        Add(new SettingDescription(key, label, "", SettingKind.Derived, read));

    public SettingsSection Build() => new(group, _settings.ToList());

    /// <summary>A value as the page and the doc write it: invariant culture, times as <c>[d.]hh:mm:ss[.fffffff]</c>, lists comma-separated.</summary>
    public static string Text(object? value) => value switch
    {
        null => "",
        string text => text,
        bool flag => flag ? "true" : "false",
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        IEnumerable<string> list => string.Join(", ", list),
        _ => value.ToString() ?? "",
    };

    private SettingsBuilder Add(SettingDescription setting)
    {
        _settings.Add(setting);
        return this;
    }
}

/// <summary>Describes the properties of one options type; keys, defaults and values in effect all come from the type.</summary>
public sealed class OptionsSettings<TOptions>(SettingsGroup group, string section) : SettingsBuilder(group)
    where TOptions : class, new()
{
    private static readonly TOptions Defaults = new();

    /// <param name="show">How the value is written, when not as <see cref="SettingsBuilder.Text"/> does.</param>
    /// <param name="defaultText">The doc's default, when the property's own default does not say it (a folder worked out at start-up).</param>
    public OptionsSettings<TOptions> Add<TValue>(Expression<Func<TOptions, TValue>> property, string label, Func<TValue, string>? show = null,
        string? defaultText = null)
    {
        var get = property.Compile();
        var write = show ?? (value => Text(value));
        var fallback = write(get(Defaults));
        Value(KeyOf(property), label, defaultText ?? (fallback.Length > 0 ? fallback : NoDefault), sp => write(get(Options(sp))));
        return this;
    }

    public OptionsSettings<TOptions> Secret(Expression<Func<TOptions, string?>> property, string label)
    {
        var get = property.Compile();
        Secret(KeyOf(property), label, sp => get(Options(sp)));
        return this;
    }

    private string KeyOf(LambdaExpression property)
    {
        var names = new Stack<string>();
        for (var member = property.Body as MemberExpression; member is not null; member = member.Expression as MemberExpression)
        {
            names.Push(member.Member.Name);
        }

        return names.Count > 0
            ? ConfigurationKeys.Of(section, string.Join('.', names))
            : throw new ArgumentException($"Not a property of {typeof(TOptions).Name}: {property}.", nameof(property));
    }

    private static TOptions Options(IServiceProvider services) => services.GetRequiredService<IOptions<TOptions>>().Value;
}
