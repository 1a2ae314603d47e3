using Microsoft.Extensions.Localization;
using MudBlazor;
using RpaWorkbench.Core.Common;
using RpaWorkbench.Web.Resources;

namespace RpaWorkbench.Web.Components.Shared;

/// <summary>Loads a page of a server-side grid; a failure leaves the grid empty and usable, and tells the operator.</summary>
public static class GridLoad
{
    public static async Task<GridData<T>> RunAsync<T>(
        ISnackbar snackbar, IStringLocalizer<UiText> l, ILogger logger, Func<CancellationToken, Task<PageResult<T>>> load, CancellationToken cancellationToken)
    {
        try
        {
            var page = await load(cancellationToken);
            return new GridData<T> { Items = page.Items, TotalItems = page.TotalCount };
        }
        catch (Exception ex) when (l.DescribeRefusal(ex) is { } refusal)
        {
            snackbar.Add(refusal, Severity.Error);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The grid stays usable (filters, retry) and the operator is told; the details go to the log.
            logger.LogError(ex, "Loading a {Item} list failed", typeof(T).Name);
            snackbar.Add(l["Error.LoadFailed"], Severity.Error);
        }

        return new GridData<T> { Items = [], TotalItems = 0 };
    }
}
