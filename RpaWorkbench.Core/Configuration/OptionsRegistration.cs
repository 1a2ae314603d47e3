using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Configuration;

namespace RpaWorkbench.Core.Configuration;

/// <summary>An options type bound to a configuration section through <see cref="OptionsRegistration.AddWorkbenchOptions{TOptions, TValidator}"/>.</summary>
internal sealed record BoundOptions(Type OptionsType, string Section);

public static class OptionsRegistration
{
    /// <summary>
    /// The one way a feature adds its options: bound to <paramref name="section"/>, checked at start-up by its
    /// source-generated <typeparamref name="TValidator"/> (data annotations, <see cref="System.ComponentModel.DataAnnotations.IValidatableObject"/>
    /// for rules across fields) with messages that name the full key, and described for the settings page and
    /// docs/configuration.md under <paramref name="group"/>.
    /// </summary>
    public static OptionsBuilder<TOptions> AddWorkbenchOptions<TOptions, TValidator>(this IServiceCollection services, string section,
        SettingsGroup group, Action<OptionsSettings<TOptions>> describe)
        where TOptions : class, new()
        where TValidator : class, IValidateOptions<TOptions>, new()
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TOptions>>(new KeyNamingValidator<TOptions>(new TValidator(), section)));
        return services.AddWorkbenchOptions(section, group, describe).ValidateOnStart();
    }

    /// <summary>
    /// The options as configured, for what must be decided while the services are registered (which providers exist),
    /// before the start-up check runs: checked now by the same <typeparamref name="TValidator"/>, so a bad value stops
    /// start-up with the same message naming its key instead of failing deeper down.
    /// </summary>
    public static TOptions ReadChecked<TOptions, TValidator>(IConfiguration configuration, string section)
        where TOptions : class, new()
        where TValidator : class, IValidateOptions<TOptions>, new()
    {
        var options = configuration.GetSection(section).Get<TOptions>() ?? new TOptions();
        var result = new KeyNamingValidator<TOptions>(new TValidator(), section).Validate(section, options);
        return result.Failed ? throw new OptionsValidationException(section, typeof(TOptions), result.Failures) : options;
    }

    /// <summary>Options with nothing to check (a switch): bound and described like the others.</summary>
    public static OptionsBuilder<TOptions> AddWorkbenchOptions<TOptions>(this IServiceCollection services, string section,
        SettingsGroup group, Action<OptionsSettings<TOptions>> describe)
        where TOptions : class, new()
    {
        services.AddSingleton(new BoundOptions(typeof(TOptions), section));
        var settings = new OptionsSettings<TOptions>(group, section);
        describe(settings);
        services.AddSettings(settings.Build());
        return services.AddOptions<TOptions>().BindConfiguration(section);
    }

    /// <summary>Settings that are not an options type's properties (connection strings, host settings, fixed values).</summary>
    public static IServiceCollection AddSettings(this IServiceCollection services, SettingsSection settings)
    {
        services.AddSingleton(settings);
        return services;
    }
}
