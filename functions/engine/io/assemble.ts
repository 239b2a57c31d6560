// Turns one record of a table (cells in header order, null for an empty cell) back into a row:
// dotted headers become nested objects, cells are typed by the schema's field tree when there is one.
// Rules for empty cells, so a round trip through our CSV and Parquet writers gives the rows back:
// - a leaf that allows null is null; a required non-null string is ""; anything else is left out;
// - an object whose cells are all empty is null if it allows null, left out if optional.
import type { Row } from "../schema/types";
import type { FieldNode, ValueKind } from "./columns";

/** Typing of one non-empty cell; returns the cell unchanged when it does not parse as `kind`. */
export type CellConverter = (cell: unknown, kind: ValueKind) => unknown;

interface Slot {
  node: FieldNode;
  kind: ValueKind;
  index?: number;
  children?: Slot[];
}

const ABSENT = Symbol("absent");

/** Raised when headers cannot form one row shape (e.g. "a" and "a.b" both present without a schema). */
export class HeaderConflictError extends Error {}

export class RowAssembler {
  private readonly slots: Slot[] = [];
  private readonly extras: { index: number; path: string[] }[] = [];

  constructor(names: string[], tree: FieldNode[] | undefined, private readonly convert: CellConverter) {
    const indexOf = new Map<string, number>();
    names.forEach((name, i) => {
      if (indexOf.has(name)) throw new HeaderConflictError(`duplicate column "${name}"`);
      indexOf.set(name, i);
    });
    const used = new Set<number>();
    const leafNames: string[] = [];
    const plan = (nodes: FieldNode[], prefix: string[]): Slot[] => nodes.flatMap((node): Slot[] => {
      const path = [...prefix, node.key];
      const index = indexOf.get(path.join("."));
      const kind = node.kind === "object" ? "json" : node.kind;
      if (index !== undefined) {
        used.add(index);
        leafNames.push(path.join("."));
        return [{ node, kind, index }];
      }
      if (!node.children) return [];
      const children = plan(node.children, path);
      return children.length > 0 ? [{ node, kind, children }] : [];
    });
    this.slots = plan(tree ?? [], []);
    names.forEach((name, index) => {
      if (!used.has(index)) this.extras.push({ index, path: name.split(".") });
    });
    checkPrefixConflicts(this.extras.map((e) => e.path.join(".")), leafNames);
  }

  assemble(cells: readonly unknown[]): Row {
    const row: Row = {};
    for (const slot of this.slots) {
      const value = this.valueOf(slot, cells);
      if (value !== ABSENT) setOwn(row, slot.node.key, value);
    }
    for (const { index, path } of this.extras) setPath(row, path, cells[index] ?? null);
    return row;
  }

  private valueOf(slot: Slot, cells: readonly unknown[]): unknown {
    const { node } = slot;
    if (slot.index !== undefined) {
      const cell = cells[slot.index];
      if (cell !== null && cell !== undefined) return this.convert(cell, slot.kind);
      if (node.allowsNull) return null;
      return node.required && node.kind === "string" ? "" : ABSENT;
    }
    if (allEmpty(slot, cells)) {
      if (node.allowsNull) return null;
      if (!node.required) return ABSENT;
    }
    const object: Row = {};
    for (const child of slot.children!) {
      const value = this.valueOf(child, cells);
      if (value !== ABSENT) setOwn(object, child.node.key, value);
    }
    return object;
  }
}

function allEmpty(slot: Slot, cells: readonly unknown[]): boolean {
  if (slot.index !== undefined) return cells[slot.index] === null || cells[slot.index] === undefined;
  return slot.children!.every((child) => allEmpty(child, cells));
}

/**
 * Column names are data: "__proto__" or "constructor.prototype.x" must become plain own properties, never
 * reach a prototype (which would pollute every object in the process).
 */
function setOwn(target: Row, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
}

function setPath(row: Row, path: string[], value: unknown): void {
  let target = row;
  for (const key of path.slice(0, -1)) {
    const next = Object.hasOwn(target, key) ? target[key] : undefined;
    if (next !== undefined && next !== null && typeof next === "object") target = next as Row;
    else {
      const child: Row = {};
      setOwn(target, key, child);
      target = child;
    }
  }
  setOwn(target, path[path.length - 1]!, value);
}

/** "a" next to "a.b" cannot both be kept: refuse such headers up front. */
function checkPrefixConflicts(dotted: string[], schemaLeaves: string[]): void {
  const names = new Set([...dotted, ...schemaLeaves]);
  for (const name of dotted) {
    const parts = name.split(".");
    for (let i = 1; i < parts.length; i++) {
      const prefix = parts.slice(0, i).join(".");
      if (names.has(prefix)) throw new HeaderConflictError(`column "${name}" conflicts with column "${prefix}"`);
    }
  }
}
