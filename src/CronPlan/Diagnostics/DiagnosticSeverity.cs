namespace CronPlan.Diagnostics;

/// <summary>How much a finding matters.</summary>
public enum DiagnosticSeverity
{
    /// <summary>Worth knowing; never fails a run.</summary>
    Info = 0,

    /// <summary>Will probably bite.</summary>
    Warning = 1,

    /// <summary>The job will not run, will do the wrong thing, or a stated promise is broken.</summary>
    Error = 2,
}
