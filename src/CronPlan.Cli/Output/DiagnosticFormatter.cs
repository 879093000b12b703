using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

using CronPlan.Diagnostics;

namespace CronPlan.Cli.Output;

/// <summary>The output formats every CronPlan command shares.</summary>
internal enum OutputFormat
{
    /// <summary>The canonical compiler form, for people.</summary>
    Text = 0,

    /// <summary>One JSON document.</summary>
    Json = 1,

    /// <summary>SARIF 2.1.0, for code-scanning tools.</summary>
    Sarif = 2,

    /// <summary>GitHub Actions workflow commands (annotations).</summary>
    GitHub = 3,
}

/// <summary>Writes diagnostics in the canonical text form and as JSON.</summary>
internal static class DiagnosticFormatter
{
    /// <summary>How every CronPlan JSON document is written: indented, and with characters such as '+' and '&lt;' left as they are.</summary>
    public static JsonWriterOptions JsonOptions { get; } = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// <c>path(line,col): severity ID: message</c>, then indented <c>fix:</c> and <c>note:</c> lines. <paramref name="defaultPath"/>
    /// names a location without a file (an expression from the command line).
    /// </summary>
    public static void WriteText(TextWriter writer, IEnumerable<Diagnostic> diagnostics, string defaultPath = "<expression>")
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(diagnostics);
        foreach (var d in diagnostics)
        {
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{d.Location.File ?? defaultPath}({d.Location.Line},{d.Location.Column}): {Diagnostic.SeverityName(d.Severity)} {d.Id}: {d.Message}"));
            if (d.Fix is not null)
            {
                writer.WriteLine($"    fix: {d.Fix}");
            }

            foreach (var note in d.Notes)
            {
                writer.WriteLine($"    note: {note}");
            }
        }
    }

    /// <summary>The closing line: <c>N errors, N warnings, N infos</c>.</summary>
    public static string Summary(IEnumerable<Diagnostic> diagnostics)
    {
        ArgumentNullException.ThrowIfNull(diagnostics);
        var list = diagnostics.ToList();
        return string.Create(
            CultureInfo.InvariantCulture,
            $"{Count(list, DiagnosticSeverity.Error, "error")}, {Count(list, DiagnosticSeverity.Warning, "warning")}, {Count(list, DiagnosticSeverity.Info, "info")}");
    }

    private static string Count(List<Diagnostic> list, DiagnosticSeverity severity, string noun)
    {
        var n = list.Count(d => d.Severity == severity);
        return string.Create(CultureInfo.InvariantCulture, $"{n} {noun}{(n == 1 ? "" : "s")}");
    }

    /// <summary>Writes one diagnostic as the JSON object of the output contract.</summary>
    public static void WriteJson(Utf8JsonWriter json, Diagnostic diagnostic, string? defaultPath = null)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(diagnostic);
        json.WriteStartObject();
        json.WriteString("id", diagnostic.Id);
        json.WriteString("severity", Diagnostic.SeverityName(diagnostic.Severity));
        json.WriteString("message", diagnostic.Message);
        if ((diagnostic.Location.File ?? defaultPath) is { } file)
        {
            json.WriteString("file", file);
        }
        else
        {
            json.WriteNull("file");
        }

        json.WriteNumber("line", diagnostic.Location.Line);
        json.WriteNumber("column", diagnostic.Location.Column);
        json.WriteNumber("endLine", diagnostic.Location.EndLine);
        json.WriteNumber("endColumn", diagnostic.Location.EndColumn);
        if (diagnostic.Fix is not null)
        {
            json.WriteString("fix", diagnostic.Fix);
        }

        if (diagnostic.Notes.Count > 0)
        {
            json.WriteStartArray("notes");
            foreach (var note in diagnostic.Notes)
            {
                json.WriteStringValue(note);
            }

            json.WriteEndArray();
        }

        json.WriteEndObject();
    }

    /// <summary>Writes a <c>"diagnostics": [...]</c> property and a <c>"summary"</c> object.</summary>
    public static void WriteJsonDiagnostics(Utf8JsonWriter json, IReadOnlyList<Diagnostic> diagnostics, string? defaultPath = null)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(diagnostics);
        json.WriteStartArray("diagnostics");
        foreach (var d in diagnostics)
        {
            WriteJson(json, d, defaultPath);
        }

        json.WriteEndArray();
        json.WriteStartObject("summary");
        json.WriteNumber("errors", diagnostics.Count(d => d.Severity == DiagnosticSeverity.Error));
        json.WriteNumber("warnings", diagnostics.Count(d => d.Severity == DiagnosticSeverity.Warning));
        json.WriteNumber("infos", diagnostics.Count(d => d.Severity == DiagnosticSeverity.Info));
        json.WriteEndObject();
    }

    /// <summary>SARIF 2.1.0: one run, every rule of the catalogue in <c>tool.driver.rules</c>, 1-based regions.</summary>
    public static string Sarif(IReadOnlyList<Diagnostic> diagnostics, string version)
    {
        ArgumentNullException.ThrowIfNull(diagnostics);
        var index = DiagnosticDescriptor.All.Select((d, i) => (d.Id, i)).ToDictionary(p => p.Id, p => p.i, StringComparer.Ordinal);
        return Json(json =>
        {
            json.WriteStartObject();
            json.WriteString("version", "2.1.0");
            json.WriteStartArray("runs");
            json.WriteStartObject();
            json.WriteStartObject("tool");
            json.WriteStartObject("driver");
            json.WriteString("name", "cronplan");
            json.WriteString("version", version);
            json.WriteStartArray("rules");
            foreach (var rule in DiagnosticDescriptor.All)
            {
                json.WriteStartObject();
                json.WriteString("id", rule.Id);
                json.WriteString("name", RuleName(rule.Title));
                json.WriteStartObject("shortDescription");
                json.WriteString("text", rule.Title);
                json.WriteEndObject();
                json.WriteStartObject("help");
                json.WriteString("text", $"{rule.Title}. Example: {rule.Example}");
                json.WriteEndObject();
                json.WriteStartObject("defaultConfiguration");
                json.WriteString("level", SarifLevel(rule.Severity));
                json.WriteEndObject();
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteStartArray("results");
            foreach (var d in diagnostics)
            {
                json.WriteStartObject();
                json.WriteString("ruleId", d.Id);
                if (index.TryGetValue(d.Id, out var ruleIndex))
                {
                    json.WriteNumber("ruleIndex", ruleIndex);
                }

                json.WriteString("level", SarifLevel(d.Severity));
                json.WriteStartObject("message");
                json.WriteString("text", d.Fix is null ? d.Message : $"{d.Message} Fix: {d.Fix}");
                json.WriteEndObject();
                json.WriteStartArray("locations");
                json.WriteStartObject();
                json.WriteStartObject("physicalLocation");
                json.WriteStartObject("artifactLocation");
                json.WriteString("uri", d.Location.File ?? "<expression>");
                json.WriteEndObject();
                json.WriteStartObject("region");
                json.WriteNumber("startLine", d.Location.Line);
                json.WriteNumber("startColumn", d.Location.Column);
                json.WriteNumber("endLine", d.Location.EndLine);
                json.WriteNumber("endColumn", d.Location.EndColumn);
                json.WriteEndObject();
                json.WriteEndObject();
                json.WriteEndObject();
                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();
        });
    }

    private static string SarifLevel(DiagnosticSeverity severity) => severity switch
    {
        DiagnosticSeverity.Error => "error",
        DiagnosticSeverity.Warning => "warning",
        _ => "note",
    };

    private static string RuleName(string title) =>
        string.Concat(title.Split([' ', '-', ',', ':', '.', '@', ';', '*'], StringSplitOptions.RemoveEmptyEntries).Select(w => char.ToUpperInvariant(w[0]) + w[1..]));

    /// <summary>GitHub Actions workflow commands: <c>::error file=F,line=L,col=C,title=ID::message</c>, one per diagnostic.</summary>
    public static void WriteGitHub(TextWriter writer, IEnumerable<Diagnostic> diagnostics)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(diagnostics);
        foreach (var d in diagnostics)
        {
            var command = d.Severity switch
            {
                DiagnosticSeverity.Error => "error",
                DiagnosticSeverity.Warning => "warning",
                _ => "notice",
            };
            var message = d.Fix is null ? d.Message : $"{d.Message}\nfix: {d.Fix}";
            writer.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"::{command} file={Property(d.Location.File ?? "<expression>")},line={d.Location.Line},col={d.Location.Column},endLine={d.Location.EndLine},endColumn={d.Location.EndColumn},title={d.Id}::{Data(message)}"));
        }
    }

    private static string Data(string text) => text.Replace("%", "%25", StringComparison.Ordinal).Replace("\r", "%0D", StringComparison.Ordinal).Replace("\n", "%0A", StringComparison.Ordinal);

    private static string Property(string text) => Data(text).Replace(":", "%3A", StringComparison.Ordinal).Replace(",", "%2C", StringComparison.Ordinal);

    /// <summary>Runs <paramref name="write"/> against a JSON writer and returns the document as text with a final newline.</summary>
    public static string Json(Action<Utf8JsonWriter> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, JsonOptions))
        {
            write(json);
        }

        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }
}
