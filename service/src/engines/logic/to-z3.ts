import type { Arith, Bool, Context, Expr } from "z3-solver";
import type { Term } from "./typed.js";

type Ctx = Context<"verifier">;
type Z3Expr = Expr<"verifier">;
type Num = Arith<"verifier">;
type Truth = Bool<"verifier">;

/** Translates a typed term; variables of one formula share one Z3 constant per (name, sort). */
export class Z3Translator {
  readonly free = new Map<string, Z3Expr>();

  constructor(private readonly ctx: Ctx) {}

  formula(term: Term): Truth {
    return this.expr(term, new Map()) as Truth;
  }

  private expr(term: Term, bound: ReadonlyMap<string, Z3Expr>): Z3Expr {
    if (term.node === "literal") return this.literal(term);
    if (term.node === "variable") return bound.get(term.name) ?? this.variable(term.name, term.sort, this.free);
    if (term.node === "quantifier") return this.quantifier(term, bound);
    const args = term.args.map((arg) => this.expr(arg, bound));
    return term.sort === "Bool" && term.args.every((a) => a.sort === "Bool") && term.op !== "EQ" && term.op !== "NEQ"
      ? this.connective(term.op, args as Truth[])
      : this.numeric(term.op, this.promote(term.args, args));
  }

  private literal(term: Term & { node: "literal" }): Z3Expr {
    if (term.sort === "Bool") return this.ctx.Bool.val(term.text === "true");
    return term.sort === "Int" ? this.ctx.Int.val(BigInt(term.text)) : this.ctx.Real.val(term.text);
  }

  private variable(name: string, sort: Term["sort"], into: Map<string, Z3Expr>): Z3Expr {
    const existing = into.get(name);
    if (existing !== undefined) return existing;
    const made = sort === "Bool" ? this.ctx.Bool.const(name) : sort === "Int" ? this.ctx.Int.const(name) : this.ctx.Real.const(name);
    into.set(name, made);
    return made;
  }

  private quantifier(term: Term & { node: "quantifier" }, bound: ReadonlyMap<string, Z3Expr>): Z3Expr {
    const inner = new Map(bound);
    const vars = term.binders.map(([name, sort]) => {
      const v = sort === "Bool" ? this.ctx.Bool.const(name) : sort === "Int" ? this.ctx.Int.const(name) : this.ctx.Real.const(name);
      inner.set(name, v);
      return v;
    });
    const body = this.expr(term.body, inner) as Truth;
    const quantified = vars as unknown as Parameters<Ctx["ForAll"]>[0];
    return term.op === "FORALL" ? this.ctx.ForAll(quantified, body) : this.ctx.Exists(quantified, body);
  }

  /** Int arguments next to a Real one are converted with ToReal, as in SMT-LIB's mixed arithmetic. */
  private promote(terms: Term[], args: Z3Expr[]): Z3Expr[] {
    const real = terms.some((t) => t.sort === "Real" || (t.node === "apply" && t.op === "POW"));
    return args.map((a, i) => (real && terms[i]!.sort === "Int" ? this.ctx.ToReal(a as Num) : a));
  }

  private connective(op: string, args: Truth[]): Truth {
    const [a, b] = args as [Truth, Truth];
    const table: Record<string, () => Truth> = {
      AND: () => this.ctx.And(...args), OR: () => this.ctx.Or(...args), NOT: () => this.ctx.Not(a),
      IMPLIES: () => this.ctx.Implies(a, b), IFF: () => this.ctx.Iff(a, b), XOR: () => this.ctx.Xor(a, b),
    };
    return table[op]!();
  }

  private numeric(op: string, args: Z3Expr[]): Z3Expr {
    const [a, b] = args as [Num, Num];
    const fold = (f: (x: Num, y: Num) => Num) => (args as Num[]).slice(1).reduce(f, a);
    const table: Record<string, () => Z3Expr> = {
      EQ: () => args[0]!.eq(args[1]!), NEQ: () => args[0]!.neq(args[1]!),
      GT: () => a.gt(b), LT: () => a.lt(b), GTE: () => a.ge(b), LTE: () => a.le(b),
      PLUS: () => fold((x, y) => x.add(y)), MULT: () => fold((x, y) => x.mul(y)),
      MINUS: () => (args.length === 1 ? a.neg() : fold((x, y) => x.sub(y))),
      DIV: () => a.div(b), MOD: () => a.mod(b), POW: () => a.pow(b),
    };
    return table[op]!();
  }
}
