import { malformed, notData } from "./resultError.js";

/**
 * A cursor over QuickJS's binary object format (JS_WriteObject without
 * bytecode, BC_VERSION 5 in quickjs 2025-09-13): a version byte, the table of
 * property names, then one value. Every read is bounds-checked; nothing is
 * materialised beyond what the caller asks for, so a huge string costs only
 * the characters kept. Scalars are read straight into JSON text.
 */
export const TAG = {
  NULL: 1,
  UNDEFINED: 2,
  FALSE: 3,
  TRUE: 4,
  INT32: 5,
  FLOAT64: 6,
  STRING: 7,
  OBJECT: 8,
  ARRAY: 9,
  BIG_INT: 10,
  TYPED_ARRAY: 14,
  ARRAY_BUFFER: 15,
  DATE: 17,
  OBJECT_VALUE: 18,
  OBJECT_REFERENCE: 19,
} as const;

const BC_VERSION = 5;
/** Without bytecode, QuickJS numbers its name table from 1. */
const FIRST_ATOM = 1;
const CHUNK = 4096;

export class BjsonReader {
  pos = 0;
  private readonly view: DataView;
  private readonly atoms: number[] = [];

  constructor(private readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const version = this.u8();
    if (version !== BC_VERSION) throw malformed(0, `version ${version}, expected ${BC_VERSION}`);
    const count = this.leb128();
    for (let i = 0; i < count; i++) this.atoms.push(this.skipString());
  }

  u8(): number {
    if (this.pos >= this.bytes.length) throw malformed(this.pos, "unexpected end");
    return this.bytes[this.pos++] as number;
  }

  leb128(): number {
    let value = 0;
    for (let shift = 0; shift < 35; shift += 7) {
      const byte = this.u8();
      value += (byte & 0x7f) * 2 ** shift;
      if (byte < 0x80) return value;
    }
    throw malformed(this.pos, "integer longer than 5 bytes");
  }

  /** QuickJS's signed form: zigzag-encoded, then LEB128. */
  sleb128(): number {
    const u = this.leb128();
    return (u >>> 1) ^ -(u & 1);
  }

  float64(): number {
    if (this.pos + 8 > this.bytes.length) throw malformed(this.pos, "unexpected end");
    this.pos += 8;
    return this.view.getFloat64(this.pos - 8, true);
  }

  /** The string at the cursor, cut to `maxChars` characters; the cursor moves past all of it. */
  string(maxChars: number): string {
    const header = this.leb128();
    const length = header >>> 1;
    const wide = (header & 1) === 1;
    const start = this.pos;
    this.pos += wide ? 2 * length : length;
    if (this.pos > this.bytes.length) throw malformed(start, "string past the end");
    const codes: number[] = [];
    let text = "";
    for (let i = 0; i < Math.min(length, maxChars); i++) {
      codes.push(wide ? this.view.getUint16(start + 2 * i, true) : (this.bytes[start + i] as number));
      if (codes.length === CHUNK) text += String.fromCharCode(...codes.splice(0));
    }
    return text + String.fromCharCode(...codes);
  }

  /**
   * JSON text of the scalar whose tag was just read (undefined for undefined):
   * a Date as Date.prototype.toJSON writes it, a Number, String or Boolean
   * object as its primitive. BigInts and binary data are refused.
   */
  scalarJson(tag: number, maxChars: number): string | undefined {
    if (tag === TAG.DATE) return this.date();
    if (tag === TAG.OBJECT_VALUE) return this.scalarJson(this.u8(), maxChars);
    if (tag === TAG.NULL) return "null";
    if (tag === TAG.UNDEFINED) return undefined;
    if (tag === TAG.FALSE || tag === TAG.TRUE) return String(tag === TAG.TRUE);
    if (tag === TAG.INT32) return String(this.sleb128());
    if (tag === TAG.FLOAT64) return JSON.stringify(this.float64());
    if (tag === TAG.STRING) return JSON.stringify(this.string(maxChars));
    if (tag === TAG.BIG_INT) throw notData.bigint();
    if (tag === TAG.TYPED_ARRAY || tag === TAG.ARRAY_BUFFER) throw notData.binary();
    throw malformed(this.pos - 1, `tag ${tag}`);
  }

  /** A property name, cut like `string`: an array index kept inline, or an entry of the name table. */
  key(maxChars: number): string {
    const v = this.leb128();
    if (v % 2 === 1) return String(Math.floor(v / 2));
    const at = this.atoms[v / 2 - FIRST_ATOM];
    if (at === undefined) throw malformed(this.pos, `property name ${v / 2} not in the table`);
    const back = this.pos;
    this.pos = at;
    const name = this.string(maxChars);
    this.pos = back;
    return name;
  }

  private date(): string {
    const tag = this.u8();
    const time = tag === TAG.INT32 ? this.sleb128() : tag === TAG.FLOAT64 ? this.float64() : Number.NaN;
    return Math.abs(time) <= 8.64e15 ? JSON.stringify(new Date(time).toISOString()) : "null";
  }

  private skipString(): number {
    const at = this.pos;
    const header = this.leb128();
    this.pos += (header & 1) === 1 ? 2 * (header >>> 1) : header >>> 1;
    if (this.pos > this.bytes.length) throw malformed(at, "name past the end");
    return at;
  }
}
