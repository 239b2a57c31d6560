// Runs an Amazon States Language definition on this machine, for the local stack and its specs: the subset
// the generation pipeline uses (Task on lambda:invoke with Retry, Catch, ResultSelector and ResultPath; Map,
// inline or distributed, with ItemsPath, ItemSelector, MaxConcurrency and no tolerated failures; Fail,
// Succeed, Next and End), with Lambda calls handed to `invoke`. Anything else in a definition is refused by
// name, so a definition that grows past this subset fails its local run instead of passing it untested.
// Retry intervals are not waited for locally (the attempts are made, at once).

/** Calls a function the way Step Functions' lambda:invoke does: its result becomes `Payload`. */
export type LocalInvoke = (functionName: string, payload: unknown) => Promise<unknown>;

/** The execution ended in a Fail state, or with an error nothing caught. */
export class ExecutionFailed extends Error {
  constructor(readonly error: string, override readonly cause: string) {
    super(`${error}: ${cause}`);
    this.name = "ExecutionFailed";
  }
}

type Json = unknown;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type State = Record<string, any>;
interface Machine { StartAt: string; States: Record<string, State> }

const LAMBDA_INVOKE = "arn:aws:states:::lambda:invoke";
const KNOWN_FIELDS: Record<string, string[]> = {
  Task: ["Type", "Resource", "Parameters", "Retry", "Catch", "ResultSelector", "ResultPath", "Next", "End", "Comment"],
  Map: ["Type", "ItemsPath", "ItemSelector", "MaxConcurrency", "ToleratedFailurePercentage", "ItemProcessor", "ResultPath", "Catch", "Next", "End", "Comment"],
  Fail: ["Type", "Error", "Cause", "Comment"],
  Succeed: ["Type", "Comment"],
};

/** A failure inside the execution, as Step Functions names it (error and cause). */
class StatesError extends Error {
  constructor(readonly error: string, override readonly cause: string) { super(`${error}: ${cause}`); }
}

function path(root: Json, expression: string, context: Record<string, Json>): Json {
  const [base, rest] = expression.startsWith("$$") ? [context, expression.slice(2)] : [root, expression.slice(1)];
  if (!expression.startsWith("$")) throw new StatesError("States.Runtime", `unsupported path ${expression}`);
  let value: Json = base;
  for (const key of rest.split(".").filter(Boolean)) {
    if (value === null || typeof value !== "object" || !(key in value)) throw new StatesError("States.Runtime", `the path ${expression} is not in the state's input`);
    value = (value as Record<string, Json>)[key];
  }
  return value;
}

/** Parameters, ItemSelector and ResultSelector: keys ending in `.$` take a path's value. */
function template(value: Json, input: Json, context: Record<string, Json>): Json {
  if (Array.isArray(value)) return value.map((v) => template(v, input, context));
  if (value === null || typeof value !== "object") return value;
  const out: Record<string, Json> = {};
  for (const [key, v] of Object.entries(value)) {
    if (key.endsWith(".$")) out[key.slice(0, -2)] = path(input, v as string, context);
    else out[key] = template(v, input, context);
  }
  return out;
}

function withResult(input: Json, resultPath: string | null | undefined, result: Json): Json {
  if (resultPath === null) return input;
  if (resultPath === undefined || resultPath === "$") return result;
  const keys = resultPath.replace(/^\$\.?/, "").split(".");
  const copy = JSON.parse(JSON.stringify(input ?? {})) as Record<string, Json>;
  let at = copy;
  for (const key of keys.slice(0, -1)) at = (at[key] ??= {}) as Record<string, Json>;
  at[keys[keys.length - 1]] = result;
  return copy;
}

const matches = (names: string[], error: string) => names.includes("States.ALL") || names.includes(error);

function check(machine: Machine): void {
  for (const [name, state] of Object.entries(machine.States)) {
    const known = KNOWN_FIELDS[state.Type as string];
    if (!known) throw new Error(`state ${name}: the local runner does not run ${String(state.Type)} states`);
    const unknown = Object.keys(state).filter((k) => !known.includes(k));
    if (unknown.length) throw new Error(`state ${name}: the local runner does not support ${unknown.join(", ")}`);
    if (state.Type === "Task" && state.Resource !== LAMBDA_INVOKE) throw new Error(`state ${name}: only ${LAMBDA_INVOKE} tasks run locally`);
    if (state.Type === "Map") {
      if ((state.ToleratedFailurePercentage ?? 0) !== 0) throw new Error(`state ${name}: only maps that tolerate no failure run locally`);
      check(state.ItemProcessor as Machine);
    }
  }
}

async function runTask(state: State, input: Json, context: Record<string, Json>, invoke: LocalInvoke): Promise<Json> {
  const parameters = template(state.Parameters, input, context) as { FunctionName: string; Payload: Json };
  const retries = (state.Retry ?? []) as Array<{ ErrorEquals: string[]; MaxAttempts?: number }>;
  const tries = new Map<number, number>();
  for (;;) {
    try {
      return { Payload: await invoke(parameters.FunctionName, parameters.Payload) };
    } catch (err) {
      const error = err instanceof StatesError ? err.error : (err as Error).name || "Error";
      const index = retries.findIndex((r) => matches(r.ErrorEquals, error));
      const used = tries.get(index) ?? 0;
      if (index < 0 || used >= (retries[index].MaxAttempts ?? 3)) throw err instanceof StatesError ? err : new StatesError(error, (err as Error).message);
      tries.set(index, used + 1);
    }
  }
}

async function runMap(state: State, input: Json, invoke: LocalInvoke, observe?: MapObserver): Promise<Json> {
  const items = path(input, state.ItemsPath ?? "$", {});
  if (!Array.isArray(items)) throw new StatesError("States.Runtime", `ItemsPath ${String(state.ItemsPath)} is not an array`);
  const limit = state.MaxConcurrency || Infinity;
  const results: Json[] = new Array(items.length);
  let next = 0, failure: StatesError | undefined, running = 0;
  const lane = async (): Promise<void> => {
    while (next < items.length && !failure) {
      const index = next++;
      const item = state.ItemSelector ? template(state.ItemSelector, input, { Map: { Item: { Index: index, Value: items[index] } } }) : items[index];
      running++;
      observe?.(running);
      try {
        results[index] = await runMachine(state.ItemProcessor as Machine, item, invoke, observe);
      } catch (err) {
        // No failure is tolerated: the map run fails, and no further items start.
        failure ??= new StatesError(state.ItemProcessor.ProcessorConfig?.Mode === "DISTRIBUTED" ? "States.ExceedToleratedFailureThreshold" : (err as StatesError).error,
          err instanceof StatesError ? `${err.error}: ${err.cause}` : String(err));
      } finally {
        running--;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, Math.max(items.length, 1)) }, lane));
  if (failure) throw failure;
  return results;
}

/** Called with the number of map iterations in flight each time one starts (for specs of MaxConcurrency). */
export type MapObserver = (inFlight: number) => void;

async function runMachine(machine: Machine, input: Json, invoke: LocalInvoke, observe?: MapObserver): Promise<Json> {
  let name: string | undefined = machine.StartAt;
  let value = input;
  while (name !== undefined) {
    const state: State = machine.States[name];
    if (state.Type === "Fail") throw new ExecutionFailed(state.Error as string, state.Cause as string);
    if (state.Type === "Succeed") return value;
    let result: Json;
    try {
      result = state.Type === "Task" ? await runTask(state, value, {}, invoke) : await runMap(state, value, invoke, observe);
      if (state.ResultSelector) result = template(state.ResultSelector, result, {});
    } catch (err) {
      if (!(err instanceof StatesError)) throw err;
      const handler = ((state.Catch ?? []) as Array<{ ErrorEquals: string[]; ResultPath?: string; Next: string }>).find((c) => matches(c.ErrorEquals, err.error));
      if (!handler) throw err;
      value = withResult(value, handler.ResultPath, { Error: err.error, Cause: err.cause });
      name = handler.Next;
      continue;
    }
    value = withResult(value, state.ResultPath, result);
    name = state.End ? undefined : (state.Next as string);
  }
  return value;
}

/**
 * Runs `definition` on `input`; resolves with its output, rejects with ExecutionFailed (a Fail state, or an
 * error nothing caught). A definition outside the local subset is refused before any state runs.
 */
export async function runStateMachine(definition: object, input: Json, invoke: LocalInvoke, observe?: MapObserver): Promise<Json> {
  const machine = definition as Machine;
  check(machine);
  try {
    return await runMachine(machine, input, invoke, observe);
  } catch (err) {
    if (err instanceof StatesError) throw new ExecutionFailed(err.error, err.cause);
    throw err;
  }
}
