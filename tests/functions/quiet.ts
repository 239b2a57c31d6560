// Imported first by the function specs: keeps Powertools' JSON logs and EMF output off the test report.
process.env.POWERTOOLS_LOG_LEVEL ??= "SILENT";
process.env.POWERTOOLS_METRICS_DISABLED ??= "true";
process.env.POWERTOOLS_TRACE_ENABLED ??= "false";
process.env.POWERTOOLS_DEV ??= "false";
export {};
