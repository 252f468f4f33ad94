/**
 * Why a JavaScript job's result could not become JSON. The job's error then
 * reads "ResultError: <message>"; the code is for tests and logs.
 */
export type ResultErrorCode =
  | "SANDBOX_RESULT_NOT_DATA"
  | "SANDBOX_RESULT_TOO_DEEP"
  | "SANDBOX_RESULT_CIRCULAR"
  | "SANDBOX_RESULT_TOO_COSTLY"
  | "SANDBOX_RESULT_MALFORMED";

export class ResultError extends Error {
  override readonly name = "ResultError";

  constructor(
    readonly code: ResultErrorCode,
    message: string,
  ) {
    super(message);
  }
}

const PLAIN_DATA = "return plain objects, arrays, strings, numbers, booleans, null or Dates";

export const notData = {
  getter: () =>
    new ResultError(
      "SANDBOX_RESULT_NOT_DATA",
      `the result holds a getter (an accessor property), which is never run: ${PLAIN_DATA}`,
    ),
  object: () =>
    new ResultError(
      "SANDBOX_RESULT_NOT_DATA",
      `the result holds a function, Proxy, Map, Set, Promise, Error, RegExp or other object that is not data: ${PLAIN_DATA}`,
    ),
  symbol: () =>
    new ResultError("SANDBOX_RESULT_NOT_DATA", `the result holds a symbol or a SharedArrayBuffer: ${PLAIN_DATA}`),
  bigint: () =>
    new ResultError(
      "SANDBOX_RESULT_NOT_DATA",
      "the result holds a BigInt, which JSON cannot carry: convert it with String() or Number()",
    ),
  binary: () =>
    new ResultError(
      "SANDBOX_RESULT_NOT_DATA",
      "the result holds an ArrayBuffer or typed array: convert it with Array.from()",
    ),
};

export const tooDeep = (levels: number) =>
  new ResultError("SANDBOX_RESULT_TOO_DEEP", `the result nests deeper than ${levels} levels`);

export const circular = () =>
  new ResultError("SANDBOX_RESULT_CIRCULAR", "the result refers to itself (circular reference)");

export const tooCostly = (steps: number) =>
  new ResultError(
    "SANDBOX_RESULT_TOO_COSTLY",
    `the result takes more than ${steps} steps to convert (the same objects repeated too often)`,
  );

export const malformed = (offset: number, what: string) =>
  new ResultError("SANDBOX_RESULT_MALFORMED", `the result's binary form is not understood at byte ${offset}: ${what}`);
