import { BjsonReader, TAG } from "./bjsonReader.js";
import { jsonOrder } from "./jsonOrder.js";
import { circular, malformed, tooCostly, tooDeep } from "./resultError.js";

/**
 * JSON text of a job's result, written on the host from QuickJS's binary form
 * of it (see javascriptResult.ts). The bytes hold only data, so no job code can
 * run here: toJSON, getters and Proxy traps do not exist at this point. The
 * walk is iterative (no host recursion), keeps JSON.stringify's rules (index
 * keys first, undefined members dropped, holes and non-finite numbers as null,
 * shared objects repeated) and is bounded three ways: open containers
 * (`maxDepth`), characters written (`maxChars`, then `tooLong`), and values
 * read (`maxSteps`: a shared object is read again at each appearance).
 */
export interface JsonLimits {
  /** Containers open at once. */
  maxDepth: number;
  /** Characters of JSON text; one more and the answer is `tooLong`. */
  maxChars: number;
  /** Names and values read, shared objects counted at each appearance. */
  maxSteps: number;
}

export type JsonText = { json: string } | { tooLong: true };

interface Container {
  start: number;
  left: number;
  array: boolean;
  key: string;
  keys: string[];
  parts: string[];
}
/** Reading a shared object at its first appearance, then coming back. */
type Jump = { back: number };

class Overflow {}

export function bjsonToJson(bytes: Uint8Array, limits: JsonLimits): JsonText {
  try {
    return { json: new Walk(new BjsonReader(bytes), limits).run() };
  } catch (error) {
    if (error instanceof Overflow) return { tooLong: true };
    throw error;
  }
}

class Walk {
  private readonly frames: Array<Container | Jump> = [];
  /** Where each object starts, in QuickJS's numbering (order of first appearance), for references. */
  private readonly objects: number[] = [];
  private readonly numbered = new Set<number>();
  private readonly open = new Set<number>();
  private result: string | undefined;
  private depth = 0;
  private chars = 0;
  private steps = 0;

  constructor(
    private readonly r: BjsonReader,
    private readonly limits: JsonLimits,
  ) {}

  run(): string {
    while (this.result === undefined) {
      const top = this.frames.at(-1);
      if (top && "left" in top && top.left === 0) this.close(top);
      else this.read(top);
    }
    return this.result;
  }

  /** Reads the next value (after its name, inside an object) and opens it or hands it on. */
  private read(top: Container | Jump | undefined): void {
    if (top && "left" in top && !top.array) {
      this.step();
      top.key = this.r.key(this.room());
    }
    const start = this.r.pos;
    const tag = this.r.u8();
    this.step();
    if (tag === TAG.OBJECT || tag === TAG.ARRAY) {
      this.enter(start, tag === TAG.ARRAY);
      return;
    }
    if (tag === TAG.OBJECT_REFERENCE) {
      this.jump(this.r.leb128());
      return;
    }
    if (tag === TAG.DATE || tag === TAG.OBJECT_VALUE) this.number(start);
    this.deliver(this.r.scalarJson(tag, this.room()), false);
  }

  private enter(start: number, array: boolean): void {
    this.number(start);
    if (this.depth === this.limits.maxDepth) throw tooDeep(this.limits.maxDepth);
    this.depth += 1;
    this.open.add(start);
    this.count(2);
    this.frames.push({ start, left: this.r.leb128(), array, key: "", keys: [], parts: [] });
  }

  private jump(index: number): void {
    const target = this.objects[index];
    if (target === undefined) throw malformed(this.r.pos, `reference to object ${index}`);
    if (this.open.has(target)) throw circular();
    this.frames.push({ back: this.r.pos });
    this.r.pos = target;
  }

  private close(frame: Container): void {
    this.frames.pop();
    this.open.delete(frame.start);
    this.depth -= 1;
    const body = (frame.array ? frame.parts : jsonOrder(frame.keys, frame.parts)).join(",");
    this.deliver(frame.array ? `[${body}]` : `{${body}}`, true);
  }

  /** Hands a finished value to its container (`counted`: its characters were counted as it was built). */
  private deliver(text: string | undefined, counted: boolean): void {
    let top = this.frames.at(-1);
    for (; top && "back" in top; top = this.frames.at(-1)) {
      this.frames.pop();
      this.r.pos = top.back;
    }
    const container = top as Container | undefined;
    if (container) container.left -= 1;
    // JSON drops an undefined member and writes null for an undefined element or root.
    const value = text ?? (container && !container.array ? undefined : "null");
    if (value === undefined) return;
    if (!counted) this.count(value.length);
    if (!container) {
      this.result = value;
      return;
    }
    if (container.parts.length > 0) this.count(1);
    if (container.array) return void container.parts.push(value);
    const key = JSON.stringify(container.key);
    this.count(key.length + 1);
    container.keys.push(container.key);
    container.parts.push(`${key}:${value}`);
  }

  private number(start: number): void {
    if (this.numbered.has(start)) return;
    this.numbered.add(start);
    this.objects.push(start);
  }

  private room(): number {
    return this.limits.maxChars - this.chars + 1;
  }

  private count(chars: number): void {
    this.chars += chars;
    if (this.chars > this.limits.maxChars) throw new Overflow();
  }

  private step(): void {
    if (++this.steps > this.limits.maxSteps) throw tooCostly(this.limits.maxSteps);
  }
}
