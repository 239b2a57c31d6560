// Cross-field coherence inside one generated object: ordered date pairs (start/end, created/updated)
// and order totals equal to the sum of their line items. Pairs are found once, from property names, at
// compile time; each fix is applied only when the fixed values still satisfy their own schemas.
import type { Node } from "./compile";
import type { GenContext } from "./context";
import { normaliseName } from "./semantic";

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

const START_WORDS = ["start", "begin", "from", "checkin", "created", "opened", "issued", "departure", "valid_from"];
const END_WORDS = ["end", "finish", "to", "until", "checkout", "updated", "closed", "expires", "expiry", "arrival", "resolved"];

/** Pairs of (start, end) property names that should be ordered, e.g. start_date/end_date, created_at/updated_at. */
export function orderedPairs(keys: string[]): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  const norm = new Map(keys.map((k) => [k, k.toLowerCase().replace(/[-\s]/g, "_")]));
  for (const a of keys) {
    const na = norm.get(a)!;
    for (const sw of START_WORDS) {
      if (!na.includes(sw)) continue;
      for (const ew of END_WORDS) {
        const target = na.replace(sw, ew);
        const b = keys.find((k) => k !== a && (norm.get(k) === target || norm.get(k)!.replace(/_/g, "") === target.replace(/_/g, "")));
        if (b) pairs.push([a, b]);
      }
    }
  }
  return pairs;
}

const LINE_ARRAYS = ["items", "lineitems", "lines", "orderitems", "products", "cart", "cartitems"];
const LINE_TOTALS = ["linetotal", "total", "amount", "subtotal", "lineamount"];
const UNIT_PRICES = ["unitprice", "price"];
const QUANTITIES = ["quantity", "qty", "count"];
const ORDER_TOTALS = ["total", "totalamount", "ordertotal", "grandtotal", "subtotal", "amount"];

/** Post-processing that makes one object's fields agree (ordered dates, totals from line items). */
export function planCoherence(keys: string[], nodeFor: (k: string) => Node): ((obj: Record<string, unknown>, ctx: GenContext) => void) | undefined {
  const steps: Array<(obj: Record<string, unknown>) => void> = [];
  for (const [a, b] of orderedPairs(keys)) {
    steps.push((obj) => {
      const va = obj[a], vb = obj[b];
      if (typeof va !== "string" || typeof vb !== "string") return;
      const ta = Date.parse(va), tb = Date.parse(vb);
      if (Number.isNaN(ta) || Number.isNaN(tb) || ta <= tb) return;
      if (nodeFor(a).accepts(vb) && nodeFor(b).accepts(va)) { obj[a] = vb; obj[b] = va; }
    });
  }
  const byNorm = new Map(keys.map((k) => [normaliseName(k), k]));
  const arrayKey = LINE_ARRAYS.map((n) => byNorm.get(n)).find(Boolean);
  const totalKey = ORDER_TOTALS.map((n) => byNorm.get(n)).find((k) => k !== undefined && k !== arrayKey);
  if (arrayKey && totalKey) {
    steps.push((obj) => {
      const lines = obj[arrayKey];
      if (!Array.isArray(lines) || typeof obj[totalKey] !== "number") return;
      let sum = 0;
      for (const line of lines) {
        if (!isObject(line)) return;
        const ln = new Map(Object.keys(line).map((k) => [normaliseName(k), k]));
        const lt = LINE_TOTALS.map((n) => ln.get(n)).find((k) => k !== undefined && typeof line[k] === "number");
        const up = UNIT_PRICES.map((n) => ln.get(n)).find((k) => k !== undefined && typeof line[k] === "number");
        const q = QUANTITIES.map((n) => ln.get(n)).find((k) => k !== undefined && typeof line[k] === "number");
        if (lt && lt !== up) sum += line[lt] as number;
        else if (up && q) sum += (line[up] as number) * (line[q] as number);
        else return;
      }
      const total = Math.round(sum * 100) / 100;
      if (nodeFor(totalKey).accepts(total)) obj[totalKey] = total;
    });
  }
  if (steps.length === 0) return undefined;
  return (obj) => { for (const s of steps) s(obj); };
}
