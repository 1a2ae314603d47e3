namespace RpaWorkbench.Core.Workflows.Http;

/// <summary>
/// Hides the secrets a template model holds: every non-empty value, as written and as percent-encoded (a secret in a
/// query string), becomes <c>***</c>. Longer values first, so a secret that contains another is hidden whole.
/// </summary>
internal sealed class SecretMask
{
    public const string Hidden = "***";

    private readonly string[] _values;

    private SecretMask(IEnumerable<string> secrets) =>
        _values = secrets.Where(s => s.Length > 0)
            .SelectMany(s => new[] { s, Uri.EscapeDataString(s) })
            .Distinct(StringComparer.Ordinal)
            .OrderByDescending(s => s.Length)
            .ToArray();

    /// <summary>The mask of the secrets in <paramref name="model"/> (<c>secrets.*</c>).</summary>
    public static SecretMask Of(WorkflowTemplateModel model) =>
        new(model.Values.TryGetValue("secrets", out var secrets) && secrets is IDictionary<string, object?> values
            ? values.Values.OfType<string>()
            : []);

    /// <summary><paramref name="text"/> with every secret replaced by <see cref="Hidden"/>.</summary>
    public string Apply(string text)
    {
        foreach (var value in _values)
        {
            text = text.Replace(value, Hidden, StringComparison.Ordinal);
        }

        return text;
    }
}
