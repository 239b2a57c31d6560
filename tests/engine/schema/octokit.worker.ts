// A worker thread of octokit.spec.ts: checks the components named in workerData, posting each result.
import { parentPort, workerData } from "node:worker_threads";
import { checkComponent, loadOctokitDocument } from "./octokit";

const doc = loadOctokitDocument();
for (const name of (workerData as { names: string[] }).names) parentPort!.postMessage(checkComponent(doc, name));
