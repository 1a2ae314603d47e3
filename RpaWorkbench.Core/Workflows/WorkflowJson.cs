using System.Text.Encodings.Web;
using System.Text.Json;

namespace RpaWorkbench.Core.Workflows;

/// <summary>How a step's inputs and outputs are written: people read them (the run page, the log), so Chinese stays readable, not \uXXXX.</summary>
public static class WorkflowJson
{
    public static readonly JsonSerializerOptions Readable = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
