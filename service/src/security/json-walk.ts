/** One value met while walking parsed JSON. */
export interface JsonNode {
  value: unknown;
  /** Array index (a number) or object key (a string) under which `value` sits; undefined for the root. */
  key: number | string | undefined;
  parent: JsonNode | undefined;
  /** Arrays and objects enclosing `value`: 0 for the root, 1 for its members. */
  depth: number;
}

/** A container being walked: its node, its keys (objects only), and the next member to visit. */
interface Frame {
  node: JsonNode;
  keys: string[] | undefined;
  next: number;
  length: number;
}

/**
 * Calls `visit` on every value of `root` in document order (depth first, parents before
 * children) from an explicit stack rather than recursion, so a client's nesting depth can never
 * overflow the call stack of the walk. Returning false from `visit` ends the walk. Members are
 * read one at a time, so a large array costs no copy.
 */
export function walkJson(root: unknown, visit: (node: JsonNode) => boolean | void): void {
  const frames: Frame[] = [];
  const enter = (node: JsonNode): boolean => {
    if (visit(node) === false) return false;
    open(frames, node);
    return true;
  };
  if (!enter({ value: root, key: undefined, parent: undefined, depth: 0 })) return;
  while (frames.length > 0) {
    const frame = frames[frames.length - 1]!;
    if (frame.next === frame.length) {
      frames.pop();
      continue;
    }
    const index = frame.next++;
    const key = frame.keys === undefined ? index : frame.keys[index]!;
    const value = (frame.node.value as Record<number | string, unknown>)[key];
    if (!enter({ value, key, parent: frame.node, depth: frame.node.depth + 1 })) return;
  }
}

function open(frames: Frame[], node: JsonNode): void {
  const { value } = node;
  if (Array.isArray(value)) frames.push({ node, keys: undefined, next: 0, length: value.length });
  else if (value !== null && typeof value === "object") {
    const keys = Object.keys(value);
    frames.push({ node, keys, next: 0, length: keys.length });
  }
}

/** The keys leading from the root to `node`, root first, indexes written as decimal text. */
export function pathOf(node: JsonNode): string[] {
  const keys: string[] = [];
  for (let at: JsonNode | undefined = node; at?.key !== undefined; at = at.parent) keys.push(String(at.key));
  return keys.reverse();
}
