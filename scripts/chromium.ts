// Where a headless Chromium is on this machine: CHROMIUM_PATH, else Debian's package (installed by .ci/run)
// or Ubuntu's name for it. Shared by the report's browser spec and scripts/report-screenshot.ts.
import { existsSync } from "node:fs";

export const CHROMIUM_CANDIDATES = [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser"].filter((p): p is string => !!p);

/** The first candidate that exists, or undefined. */
export function chromiumPath(): string | undefined {
  return CHROMIUM_CANDIDATES.find((p) => existsSync(p));
}
