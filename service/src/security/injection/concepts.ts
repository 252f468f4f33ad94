/**
 * Words of the same meaning across English, German, French, Spanish and Italian (after normalisation:
 * lower case, no diacritics), each mapped to one concept, so what the model learns from an English
 * "ignore the previous instructions" carries to "ignoriere die vorherigen Anweisungen". Matched as
 * word prefixes (inflections: "ignoriere", "ignora", "ignorez"). Single words of instruction, disclosure
 * and role, from general knowledge of the languages, never phrases; whether they help was judged by
 * cross-validation on the tune part (recall 0.852 without, 0.866 with, false positives 0.049 and 0.043).
 */
const CONCEPTS: Record<string, readonly string[]> = {
  IGNORE: ["ignor", "disregard", "missacht", "neglig", "ignorier"],
  FORGET: ["forget", "vergiss", "vergess", "oubli", "olvid", "dimentic"],
  PREVIOUS: ["previous", "prior", "earlier", "vorherig", "vorig", "bisherig", "precedent", "anterior", "preceden"],
  INSTRUCTIONS: [
    "instruction",
    "anweisung",
    "vorgabe",
    "consigne",
    "instruccion",
    "istruzion",
    "directive",
    "direttiv",
    "directriz",
    "richtlini",
  ],
  RULES: ["rule", "regel", "regle", "regla", "regol", "policy", "politique", "politica", "richtlinie"],
  PROMPT: ["prompt", "systemprompt", "systemnachricht"],
  SYSTEM: ["system", "systeme", "sistema"],
  SHOW: [
    "show",
    "reveal",
    "display",
    "print",
    "zeig",
    "montre",
    "affiche",
    "muestr",
    "mostr",
    "revel",
    "verrat",
    "enthull",
  ],
  SECRET: ["secret", "hidden", "geheim", "versteckt", "cache", "segret", "ocult", "nascost"],
  NOW: ["now", "jetzt", "sofort", "maintenant", "desormais", "ahora", "adesso", "ora"],
  NEW: ["new", "neu", "nouvel", "nouvelle", "nuev", "nuov"],
  PRETEND: ["pretend", "roleplay", "tu so", "fais comme", "finge", "fai finta", "spiel die rolle", "joue le role"],
  NO_LIMITS: [
    "unrestrict",
    "uncensor",
    "unfilter",
    "ohne einschrank",
    "ohne filter",
    "sans restriction",
    "sans filtre",
    "sin restriccion",
    "senza limit",
    "senza filtr",
    "no rules",
    "ohne regeln",
    "sans regle",
    "sin regla",
    "senza regol",
  ],
  MODE: ["mode", "modus", "modo"],
  DEVELOPER: ["developer", "entwickler", "developpeur", "desarrollador", "sviluppator", "debug"],
  OBEY: ["obey", "befolg", "gehorch", "obei", "obedec", "obbedi"],
};

const escapeRegExp = (stem: string) => stem.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const MATCHERS: [RegExp, string][] = Object.entries(CONCEPTS).flatMap(([concept, stems]) =>
  stems.map((stem) => [new RegExp(`(?:^|[^a-z0-9])${escapeRegExp(stem)}`), concept] as [RegExp, string]),
);

/** The concepts a normalised text mentions (a stem at the start of a word), sorted. */
export function conceptsOf(normalised: string): string[] {
  return [...new Set(MATCHERS.filter(([stem]) => stem.test(normalised)).map(([, concept]) => concept))].sort();
}
