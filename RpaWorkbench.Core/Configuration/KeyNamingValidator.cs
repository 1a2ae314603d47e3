using System.Text.RegularExpressions;

namespace RpaWorkbench.Core.Configuration;

/// <summary>
/// Runs a source-generated validator with the section as the options name, so each message names the member as
/// <c>{section}.{Member}</c> (<c>{section}.S3.Bucket</c> for nested options), and turns that into the configuration key
/// an operator sets (<c>Workbench:Storage:S3:Bucket</c>).
/// </summary>
internal sealed class KeyNamingValidator<TOptions>(IValidateOptions<TOptions> generated, string section) : IValidateOptions<TOptions>
    where TOptions : class
{
    public ValidateOptionsResult Validate(string? name, TOptions options) => ConfigurationKeys.Name(generated.Validate(section, options), section);
}

internal static partial class ConfigurationKeys
{
    /// <summary>
    /// The failures of a generated validator run with <paramref name="section"/> as its name, each naming full keys. The
    /// generator's <c>Member: </c> prefix is dropped: the key is in the message.
    /// </summary>
    public static ValidateOptionsResult Name(ValidateOptionsResult result, string section)
    {
        if (!result.Failed)
        {
            return result;
        }

        var member = new Regex(Regex.Escape(section) + @"\.(\w+(?:\.\w+)*)", RegexOptions.CultureInvariant);
        return ValidateOptionsResult.Fail(result.Failures!.Select(failure =>
            member.Replace(MemberPrefix().Replace(failure, ""), m => section + ":" + m.Groups[1].Value.Replace('.', ':'))));
    }

    /// <summary>The key of a property path (<c>S3.Bucket</c>) under a section.</summary>
    public static string Of(string section, string propertyPath) => section + ":" + propertyPath.Replace('.', ':');

    [GeneratedRegex(@"^\w+(?:, \w+)*: ", RegexOptions.CultureInvariant)]
    private static partial Regex MemberPrefix();
}
