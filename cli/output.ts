// The output contract of every command: standard output carries only the command's result (its JSON, or the
// data when it streams some); everything else goes to standard error. Modules that write to stdout on their
// own (Powertools logs at INFO, a library's notice, a worker thread's console) are sent to stderr once
// routeStdoutToStderr() has run, which the CLI's entry points do first; results go through writeResult.
const toStdout = process.stdout.write.bind(process.stdout) as (text: string) => boolean;

/** Writes a command's result on standard output. */
export function writeResult(text: string): boolean {
  return toStdout(text);
}

/** From now on, whatever else writes to process.stdout lands on standard error. */
export function routeStdoutToStderr(): void {
  process.stdout.write = ((chunk: unknown, ...rest: unknown[]) =>
    (process.stderr.write as (...a: unknown[]) => boolean)(chunk, ...rest)) as typeof process.stdout.write;
}

/** A result as the commands print it: indented JSON and a newline. */
export function writeJsonResult(value: unknown): boolean {
  return writeResult(`${JSON.stringify(value, null, 2)}\n`);
}
