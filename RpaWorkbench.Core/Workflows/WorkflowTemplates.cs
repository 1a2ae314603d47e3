using System.Text.Json.Nodes;
using Fluid;
using Fluid.Ast;

namespace RpaWorkbench.Core.Workflows;

/// <summary>
/// The Liquid templates of step settings (Fluid): checked when a definition is saved — syntax, and every variable's
/// root known (<c>inputs.&lt;declared input&gt;</c>, <c>steps.&lt;earlier step&gt;</c>, <c>secrets.&lt;configured secret&gt;</c>,
/// <c>response</c> in an HTTP success condition, <c>run</c>) — and rendered when a step starts, with strict variables:
/// a value missing at run time (an output the robot did not report) fails the step with the template's error. No
/// code runs: Liquid has only its own tags and filters, bounded in steps and output size.
/// </summary>
public static class WorkflowTemplates
{
    private static readonly FluidParser Parser = new();

    private static readonly TemplateOptions Options = new TemplateOptionsBuilder()
        .WithStrictVariables(true)
        .WithMaxSteps(100_000)
        .WithMaxOutputSize(1_000_000)
        .WithMaxRecursion(20)
        .Build();

    /// <summary>Why <paramref name="template"/> would not render in <paramref name="scope"/>, or null when it is fine (an empty text is).</summary>
    public static string? Check(string? template, WorkflowTemplateScope scope)
    {
        if (string.IsNullOrEmpty(template))
        {
            return null;
        }

        if (!Parser.TryParse(template, out var parsed, out var error))
        {
            return $"The template does not parse: {error}";
        }

        var references = new ReferenceCollector();
        references.VisitTemplate(parsed);
        return references.Roots
            .Select(reference => scope.Problem(reference, references.Declared))
            .FirstOrDefault(problem => problem is not null);
    }

    /// <summary>Why the condition <paramref name="condition"/> (e.g. <c>response.json.ok == true</c>) is not valid, or null.</summary>
    public static string? CheckCondition(string? condition, WorkflowTemplateScope scope) =>
        string.IsNullOrWhiteSpace(condition) ? null : Check(ConditionTemplate(condition), scope);

    /// <summary>The template rendered over <paramref name="model"/>.</summary>
    /// <exception cref="WorkflowTemplateException">It does not parse, or reads a value the model does not have.</exception>
    public static async ValueTask<string> RenderAsync(string? template, WorkflowTemplateModel model)
    {
        if (string.IsNullOrEmpty(template))
        {
            return string.Empty;
        }

        if (!Parser.TryParse(template, out var parsed, out var error))
        {
            throw new WorkflowTemplateException($"The template does not parse: {error}");
        }

        try
        {
            return await parsed.RenderAsync(new TemplateContext(model.Values, Options));
        }
        catch (Exception exception) when (exception is FluidException or InvalidOperationException or FormatException)
        {
            throw new WorkflowTemplateException(exception.Message);
        }
    }

    /// <summary>Whether <paramref name="condition"/> holds over <paramref name="model"/>.</summary>
    /// <exception cref="WorkflowTemplateException">It does not parse, or reads a value the model does not have.</exception>
    public static async ValueTask<bool> ConditionAsync(string condition, WorkflowTemplateModel model) =>
        await RenderAsync(ConditionTemplate(condition), model) == "true";

    private static string ConditionTemplate(string condition) => "{% if " + condition + " %}true{% else %}false{% endif %}";

    // Every variable a template reads (its first two segments: "inputs"/"order_id"), and the names it assigns itself.
    private sealed class ReferenceCollector : AstVisitor
    {
        public List<(string Root, string? Member)> Roots { get; } = [];
        public HashSet<string> Declared { get; } = new(StringComparer.Ordinal) { "forloop" };

        protected override Expression VisitMemberExpression(MemberExpression memberExpression)
        {
            if (memberExpression.Segments is [IdentifierSegment root, ..])
            {
                var member = memberExpression.Segments.Count > 1 && memberExpression.Segments[1] is IdentifierSegment second ? second.Identifier : null;
                Roots.Add((root.Identifier, member));
            }

            return base.VisitMemberExpression(memberExpression);
        }

        protected override Statement VisitAssignStatement(AssignStatement assignStatement)
        {
            Declared.Add(assignStatement.Identifier);
            return base.VisitAssignStatement(assignStatement);
        }

        protected override Statement VisitCaptureStatement(CaptureStatement captureStatement)
        {
            Declared.Add(captureStatement.Identifier);
            return base.VisitCaptureStatement(captureStatement);
        }

        protected override Statement VisitForStatement(ForStatement forStatement)
        {
            Declared.Add(forStatement.Identifier);
            return base.VisitForStatement(forStatement);
        }
    }
}

/// <summary>What a template may read where it is: the declared inputs, the steps before it, the configured secrets, and (in an HTTP success condition) the response.</summary>
public sealed record WorkflowTemplateScope(
    IReadOnlyCollection<string> Inputs,
    IReadOnlyCollection<string> EarlierSteps,
    IReadOnlyCollection<string> Secrets,
    bool Response = false)
{
    internal string? Problem((string Root, string? Member) reference, IReadOnlySet<string> declared) => reference switch
    {
        ("inputs", { } name) when !Inputs.Contains(name, StringComparer.Ordinal) =>
            $"\"inputs.{name}\" is not an input of this workflow ({Known(Inputs)}).",
        ("steps", { } name) when !EarlierSteps.Contains(name, StringComparer.Ordinal) =>
            $"\"steps.{name}\" is not a step before this one: a step reads the outputs of earlier steps only ({Known(EarlierSteps)}).",
        ("secrets", { } name) when !Secrets.Contains(name, StringComparer.Ordinal) =>
            $"\"secrets.{name}\" is not a configured secret ({Known(Secrets)}).",
        ("inputs" or "steps" or "secrets" or "run", _) => null,
        ("response", _) when Response => null,
        var (root, _) when declared.Contains(root) => null,
        var (root, _) => $"\"{root}\" is not known here: a template reads inputs, steps, secrets and run{(Response ? " and response" : "")}.",
    };

    private static string Known(IReadOnlyCollection<string> names) => names.Count == 0 ? "there are none" : "known: " + string.Join(", ", names);
}

/// <summary>The values a template renders over: <c>inputs</c>, <c>steps.&lt;name&gt;.outputs</c>, <c>secrets</c>, <c>run</c> and <c>response</c>.</summary>
public sealed class WorkflowTemplateModel
{
    private readonly Dictionary<string, object?> values = new(StringComparer.Ordinal);
    private readonly Dictionary<string, object?> steps = new(StringComparer.Ordinal);

    public WorkflowTemplateModel(
        IReadOnlyDictionary<string, string?> inputs,
        IReadOnlyDictionary<string, string> secrets,
        long runId)
    {
        values["inputs"] = inputs.ToDictionary(p => p.Key, p => (object?)p.Value, StringComparer.Ordinal);
        values["secrets"] = secrets.ToDictionary(p => p.Key, p => (object?)p.Value, StringComparer.Ordinal);
        values["steps"] = steps;
        values["run"] = new Dictionary<string, object?> { ["id"] = runId };
    }

    internal IReadOnlyDictionary<string, object?> Values => values;

    /// <summary>A finished step's outputs (a JSON object's text; null or not an object: no outputs).</summary>
    public WorkflowTemplateModel WithStep(string name, string status, string? outputsJson)
    {
        steps[name] = new Dictionary<string, object?> { ["status"] = status, ["outputs"] = Parse(outputsJson) ?? new JsonObject() };
        return this;
    }

    /// <summary>An HTTP response, for its step's success condition.</summary>
    public WorkflowTemplateModel WithResponse(int status, string? body)
    {
        values["response"] = new Dictionary<string, object?> { ["status"] = status, ["body"] = body, ["json"] = Parse(body) };
        return this;
    }

    private static JsonNode? Parse(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(json);
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }
}

/// <summary>A template could not be rendered: it reads a value the run does not have, or does not parse.</summary>
public sealed class WorkflowTemplateException(string message) : Exception(message);
