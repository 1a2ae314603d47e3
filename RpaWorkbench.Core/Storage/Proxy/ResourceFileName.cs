using System.Text;

namespace RpaWorkbench.Core.Storage.Proxy;

/// <summary>A download's file name from the last segment of a URL's path: letters, digits, '.', '-' and '_' only.</summary>
internal static class ResourceFileName
{
    public const string Fallback = "resource";
    public const int MaxLength = 100;

    /// <summary>The decoded last path segment with anything else replaced by '_', shortened from the front; <see cref="Fallback"/> when nothing is left.</summary>
    public static string FromUrl(Uri url)
    {
        var segment = Uri.UnescapeDataString(url.AbsolutePath[(url.AbsolutePath.LastIndexOf('/') + 1)..]);
        var safe = new StringBuilder(segment.Length);
        foreach (var c in segment)
        {
            safe.Append(char.IsLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_');
        }

        // No leading dot (hidden files, "..") and no trailing dot (Windows drops it).
        var name = safe.ToString().Trim('.');
        if (name.Length > MaxLength)
        {
            name = name[^MaxLength..].TrimStart('.');
        }

        return name.Trim('_').Length == 0 ? Fallback : name;
    }
}
