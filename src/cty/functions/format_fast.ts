/**
 * `format`'s fast path for the common call: a known, unmarked format string of literal text and
 * plain `%s`/`%d` verbs, each taking a known, unmarked string (`%s`) or safe-integer number
 * (`%d`), every argument used. Anything else (conversions, nulls, unknowns, marks, other verbs,
 * flags, errors) falls through to go-cty's generic call, which gives the same results slowly.
 *
 * Each such format string gets a plan (its literals, and which argument each verb takes). A
 * plan is first rendered by one shared loop; once it has been called {@link HOT_CALLS} times,
 * it gets a renderer of its own: a function generated for that one format string, whose
 * argument indexes, checks and concatenation are straight-line code. The shared loop pays for
 * the variety it has to handle (its argument kinds and piece types change from plan to plan);
 * a renderer per format string does not, and is about twice as fast (the figures are in
 * `bench/README.md`). Only the plan's shape goes into the generated code (argument numbers and
 * verb kinds, which are integers and fixed words); the format string's text is passed in as
 * data, so no user text is ever compiled. Where the host forbids generating code, plans stay
 * on the loop.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { cty } from "../mod.ts";
 * import { compileRenderer, fastPlanFor, renderPlan } from "./format_fast.ts";
 *
 * const plan = fastPlanFor("%s-%d")!;
 * const args = [cty.string("%s-%d"), cty.string("web"), cty.number(7)];
 * assert.equal(renderPlan(plan, args)?.asString(), "web-7");
 * assert.equal(compileRenderer(plan)?.(args)?.asString(), "web-7");
 * // A marked argument is not the fast path's to render.
 * assert.equal(renderPlan(plan, [args[0], args[1].mark("sensitive"), args[2]]), undefined);
 * assert.equal(fastPlanFor("%5s"), null); // a width: the generic path
 * ```
 *
 * @module
 */

import { cty, type CtyFunction, type Value } from "../evaluation.ts";
// Within cty: a result whose pieces are all known to be plain text skips cty.string's scan.
import { isPlainAscii } from "../../errors/json_quote.ts";
import { isPlainText, markPlainText, Value as CtyValue } from "../value.ts";
import { parsed, type ParsedFormat, plainVerb } from "./format_parse.ts";

/** Renders a plan's arguments, or undefined when an argument needs the generic path. */
export type PlanRenderer = (args: readonly Value[]) => Value | undefined;

/**
 * A format string the fast path renders: `lits[0] arg lits[1] arg ... lits[n]`, where each arg
 * is `%s` (`strings[i]`) or `%d` of the argument at index `args[i]` (the format string is
 * argument 0, so these start at 1). Kept as parallel arrays of one element kind each, so the
 * shared loop neither tests what a piece is nor walks a mixed array.
 */
export interface FastPlan {
  /** The literal text before, between and after the verbs (`verbs + 1` entries). */
  readonly lits: readonly string[];
  /** The index into the call's arguments of each verb's argument. */
  readonly args: readonly number[];
  /** Per verb: true for `%s`, false for `%d`. */
  readonly strings: readonly boolean[];
  /** The number of arguments (besides the format string) a call must pass: the highest index. */
  readonly used: number;
  /** Every literal is plain ASCII, so a result of plain `%s` text and integers is plain too. */
  readonly plain: boolean;
  /** Calls rendered by the shared loop so far. */
  calls: number;
  /** The plan's own renderer, once it is hot; null when code generation is not allowed. */
  renderer: PlanRenderer | null | undefined;
}

/** Calls after which a plan gets a renderer of its own (generating one costs 20-35 µs). */
export const HOT_CALLS = 64;

/** Plans with more verbs than this stay on the shared loop. */
export const MAX_COMPILED_VERBS = 64;

/** A format string's plan, or null when some verb needs the full path. */
const fastPlans = new Map<string, FastPlan | null>();

/**
 * The last format string and its plan: a call site repeats its format, so most lookups end
 * here. A constant object rather than two module variables, whose every read would be checked
 * for use before initialisation.
 */
const last: { format: string | undefined; plan: FastPlan | null } = {
  format: undefined,
  plan: null,
};

function planFor(p: ParsedFormat): FastPlan | null {
  if (p.error !== undefined) return null;
  const lits = [""];
  const args: number[] = [];
  const strings: boolean[] = [];
  let plain = true;
  for (const x of p.parts) {
    if (typeof x === "string") {
      lits[lits.length - 1] += x;
      if (!isPlainAscii(x)) plain = false;
    } else if (plainVerb(x) && (x.mode === "s" || x.mode === "d")) {
      args.push(x.argNum);
      strings.push(x.mode === "s");
      lits.push("");
    } else return null;
  }
  return { lits, args, strings, used: p.highest, plain, calls: 0, renderer: undefined };
}

/**
 * The fast plan of a format string (cached), or null when a verb is not a plain `%s`/`%d` or
 * the string has a syntax error.
 */
export function fastPlanFor(format: string): FastPlan | null {
  if (format === last.format) return last.plan;
  let plan = fastPlans.get(format);
  if (plan === undefined) {
    plan = planFor(parsed(format));
    // Format strings are few and reused; the cache is bounded all the same.
    if (fastPlans.size >= 512) fastPlans.clear();
    fastPlans.set(format, plan);
  }
  last.format = format;
  last.plan = plan;
  return plan;
}

// Held once: the checks below compare types by identity on every call.
const STRING = cty.String;
const NUMBER = cty.Number;

/**
 * The shared loop: renders `plan` with `args` (the whole call's arguments, format string
 * first), or undefined when an argument needs the generic path. Counts the call, and gives the
 * plan its own renderer when it becomes hot.
 */
export function renderPlan(plan: FastPlan, args: readonly Value[]): Value | undefined {
  if (++plan.calls === HOT_CALLS) plan.renderer = compileRenderer(plan);
  const { lits, strings } = plan;
  const indexes = plan.args;
  let out = lits[0];
  let plain = plan.plain;
  for (let i = 0; i < indexes.length; i++) {
    const arg = args[indexes[i]];
    const raw = arg.raw;
    let piece: string | number;
    if (strings[i]) {
      if (typeof raw !== "string" || arg.type !== STRING || arg.marks !== null) return undefined;
      if (plain && !isPlainText(arg)) plain = false;
      piece = raw;
    } else {
      if (
        typeof raw !== "number" || !Number.isSafeInteger(raw) || arg.type !== NUMBER ||
        arg.marks !== null
      ) return undefined;
      piece = raw;
    }
    // One concatenation per verb: empty literals (a verb at the end, or two verbs side by
    // side) would cost a call each.
    const lit = lits[i + 1];
    out = lit === "" ? out + piece : out + piece + lit;
  }
  // Plain literals, plain %s strings and integers make plain (NFC, JSON-safe) text.
  return plain ? markPlainText(new CtyValue(STRING, out)) : cty.string(out);
}

/** What generated renderers are given: the plan's literals and the checks' constants. */
type RendererFactory = (
  lits: readonly string[],
  stringType: typeof STRING,
  numberType: typeof NUMBER,
  isPlain: (v: Value) => boolean,
  plainString: (s: string) => Value,
  anyString: (s: string) => Value,
) => PlanRenderer;

const plainString = (s: string): Value => markPlainText(new CtyValue(STRING, s));

/**
 * The source of a plan's own renderer: the same checks and result as {@link renderPlan},
 * unrolled. Built from integers (argument and literal indexes) and fixed words only.
 */
function rendererSource(plan: FastPlan): string {
  const lines: string[] = ["'use strict';"];
  for (let i = 0; i < plan.lits.length; i++) lines.push(`const l${i} = lits[${i}];`);
  lines.push("return function render(args) {");
  lines.push(`  if (args.length !== ${plan.used + 1}) return undefined;`);
  // One load and one check per (argument, verb kind): `%[1]s %[1]s` checks argument 1 once.
  const checked = new Set<string>();
  const plainChecks: string[] = [];
  // The text starts with a string: `l0`, or the first piece when that is a `%s` string and
  // `l0` is empty. Then every `+` is a concatenation, never a sum of two numbers.
  const skipL0 = plan.lits[0] === "" && plan.strings[0] === true;
  let expr = skipL0 ? "" : "l0";
  plan.args.forEach((index, i) => {
    const a = `a${index}`;
    const r = `r${index}`;
    if (!checked.has(a)) {
      lines.push(`  const ${a} = args[${index}];`, `  const ${r} = ${a}.raw;`);
      checked.add(a);
    }
    const kind = plan.strings[i] ? "s" : "d";
    if (!checked.has(`${a}${kind}`)) {
      checked.add(`${a}${kind}`);
      if (kind === "s") {
        lines.push(
          `  if (typeof ${r} !== "string" || ${a}.type !== stringType || ${a}.marks !== null) return undefined;`,
        );
        plainChecks.push(`isPlain(${a})`);
      } else {
        lines.push(
          `  if (typeof ${r} !== "number" || !Number.isSafeInteger(${r}) || ${a}.type !== numberType || ${a}.marks !== null) return undefined;`,
        );
      }
    }
    expr += expr === "" ? r : ` + ${r}`;
    if (plan.lits[i + 1] !== "") expr += ` + l${i + 1}`;
  });
  lines.push(`  const out = ${expr};`);
  if (!plan.plain) lines.push("  return anyString(out);");
  else if (plainChecks.length === 0) lines.push("  return plainString(out);");
  else lines.push(`  return ${plainChecks.join(" && ")} ? plainString(out) : anyString(out);`);
  lines.push("};");
  return lines.join("\n");
}

/**
 * A renderer of the plan's own, generated from its shape; null when the host does not allow
 * generating code or the plan has more than {@link MAX_COMPILED_VERBS} verbs (the plan then
 * stays on the shared loop).
 */
export function compileRenderer(plan: FastPlan): PlanRenderer | null {
  // A format string of hundreds of verbs is rare, and its code would be large: loop it.
  if (plan.args.length > MAX_COMPILED_VERBS) return null;
  let factory: RendererFactory;
  try {
    factory = new Function(
      "lits",
      "stringType",
      "numberType",
      "isPlain",
      "plainString",
      "anyString",
      rendererSource(plan),
    ) as RendererFactory;
  } catch {
    return null;
  }
  return factory(plan.lits, STRING, NUMBER, isPlainText, plainString, cty.string);
}

/**
 * `generic` (go-cty's `format` call) behind the fast path: calls the fast path can render are
 * rendered from their plan, everything else goes to `generic`.
 */
export function withFastPath(generic: CtyFunction): CtyFunction {
  return {
    description: generic.description,
    params: generic.params,
    varParam: generic.varParam,
    returnTypeFor: (args) => generic.returnTypeFor(args),
    call(args) {
      const f = args[0];
      if (f !== undefined && f.marks === null && f.type === STRING) {
        const raw = f.raw;
        const plan = raw === last.format
          ? last.plan
          : typeof raw === "string"
          ? fastPlanFor(raw)
          : null;
        if (plan !== null) {
          const own = plan.renderer;
          // Unused arguments are an error, reported by the generic path (own renderers
          // check the count themselves).
          const v = own != null
            ? own(args)
            : plan.used === args.length - 1
            ? renderPlan(plan, args)
            : undefined;
          if (v !== undefined) return v;
        }
      }
      return generic.call(args);
    },
  };
}
