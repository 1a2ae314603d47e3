using System.ComponentModel.DataAnnotations;

namespace RpaWorkbench.Core.Configuration;

/// <summary>Unset, or an absolute http or https URL (a <see cref="Uri"/> or its text); with <see cref="BaseOnly"/>, without query or fragment.</summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class HttpUrlAttribute() : ValidationAttribute("{0} must be an absolute http or https URL.")
{
    public bool BaseOnly { get; init; }

    public override bool IsValid(object? value) => value switch
    {
        null => true,
        Uri url => IsHttp(url),
        string text => Uri.TryCreate(text, UriKind.Absolute, out var url) && IsHttp(url),
        _ => false,
    };

    private bool IsHttp(Uri url) =>
        url.IsAbsoluteUri && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps)
        && (!BaseOnly || (string.IsNullOrEmpty(url.Query) && string.IsNullOrEmpty(url.Fragment)));
}
