using System.ComponentModel.DataAnnotations;

namespace RpaWorkbench.Core.Configuration;

/// <summary>An IANA or Windows time zone id this machine knows.</summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class TimeZoneIdAttribute() : ValidationAttribute("{0} is not a time zone id this machine knows (e.g. Asia/Shanghai).")
{
    public override bool IsValid(object? value) => value is string id && TimeZoneInfo.TryFindSystemTimeZoneById(id, out _);
}
