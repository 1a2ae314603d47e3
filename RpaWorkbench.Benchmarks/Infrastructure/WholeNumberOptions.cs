namespace RpaWorkbench.Benchmarks.Infrastructure;

/// <summary>A harness's <c>--name value</c> options that each take a positive whole number.</summary>
public static class WholeNumberOptions
{
    /// <summary>The defaults with the given options applied.</summary>
    /// <exception cref="ArgumentException">An unknown option, or one without a positive whole number after it (the message names it).</exception>
    public static Dictionary<string, int> Parse(IReadOnlyList<string> args, IReadOnlyDictionary<string, int> defaults)
    {
        var values = new Dictionary<string, int>(defaults);
        for (var i = 0; i < args.Count; i += 2)
        {
            if (!defaults.ContainsKey(args[i]))
            {
                throw new ArgumentException($"Unknown option '{args[i]}'. Options: {string.Join(", ", defaults.Keys)}.");
            }

            values[args[i]] = i + 1 < args.Count && int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0
                ? value
                : throw new ArgumentException($"'{args[i]}' needs a positive whole number after it.");
        }

        return values;
    }
}
