using Microsoft.Extensions.DependencyInjection;
using RpaWorkbench.Core.Configuration;
using RpaWorkbench.Core.Workflows;

namespace RpaWorkbench.Tests.Workflows;

/// <summary>The secrets HTTP steps read: the settings show their names only, and no other kind of step can read them.</summary>
public sealed class WorkflowEngineSecretsTests : IAsyncLifetime
{
    private WorkflowEngineBed _bed = null!;

    public async ValueTask InitializeAsync() => _bed = await WorkflowEngineBed.StartAsync(
        ("Workbench:Workflows:Secrets:erp_key", "erp-value-1"), ("Workbench:Workflows:Secrets:crm_token", "crm-value-2"));

    public async ValueTask DisposeAsync() => await _bed.DisposeAsync();

    [Fact]
    public void Settings_Secrets_ShowTheNamesOnly()
    {
        var secrets = _bed.Host.Services.GetServices<SettingsSection>().SelectMany(s => s.Settings)
            .Single(s => s.Key == "Workbench:Workflows:Secrets");

        Assert.Equal("crm_token, erp_key", secrets.Read(_bed.Host.Services));
    }

    [Fact]
    public async Task Pass_RobotStepReadingASecret_FailsAsAnUnknownValue_NothingQueued()
    {
        var workflow = await _bed.AddWorkflowAsync(_bed.RobotStep("fetch", ("order", "{{ secrets.crm_token }}")));
        var runId = await _bed.StartRunAsync(workflow);

        await _bed.EnginePassAsync();

        var attempt = Assert.Single(await _bed.AttemptsAsync(runId));
        Assert.Equal(WorkflowStepState.Failed, attempt.State);
        Assert.StartsWith("The parameter \"order\" template could not be rendered:", attempt.Error);
        Assert.DoesNotContain("crm-value-2", attempt.Error, StringComparison.Ordinal);
        Assert.Empty(await _bed.DispatchRunsAsync());
    }
}
