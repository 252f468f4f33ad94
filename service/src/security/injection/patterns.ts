/** One family of well-known injection phrasing, matched against normalised text. */
export interface InjectionPattern {
  id: string;
  regex: RegExp;
}

const OVERRIDE_VERB = "(?:ignore|disregard|forget|override|bypass|neglect|discard|abandon|skip|drop|cancel|void)";
/** Words that make "the rules" mean the assistant's own orders rather than, say, rounding rules. */
const PRIOR = "(?:previous|prior|above|earlier|preceding|foregoing|initial|original|system|developer|safety|all|your)";
const FILLER = "(?:(?:the|of|my|these|those|and|any|every)\\s+)*";
const ORDERS = "(?:instructions?|prompts?|directives?|directions|guidelines|guidance|programming|rules|commands?)";
const BEFORE = "(?:earlier|before|previously|above|so far|until now)";
const NO_LIMITS_SOURCE = "(?:restrictions?|limitations?|limits|filters?|rules|guidelines|policies)";
const NO_LIMITS =
  "(?:restrictions?|limitations?|limits|filters?|rules|guidelines|boundaries|censorship|ethics|safeguards|guardrails)";

/** Families from public jailbreak write-ups; each needs an imperative plus its object, so prose rarely matches. */
export const INJECTION_PATTERNS: readonly InjectionPattern[] = [
  {
    id: "override-instructions",
    regex: new RegExp(`\\b${OVERRIDE_VERB}\\s+${FILLER}(?:${PRIOR}\\s+${FILLER}){1,3}(?:\\w+\\s+)?${ORDERS}\\b`),
  },
  {
    id: "override-instructions-given-before",
    regex: new RegExp(
      `\\b${OVERRIDE_VERB}\\s+(?:the|your|all|any of the)\\s+${ORDERS}\\s+(?:(?:you|that you)\\s+(?:got|were given|received|have been given|had)\\s+)?${BEFORE}\\b`,
    ),
  },
  {
    id: "stop-following",
    regex: new RegExp(
      `\\b(?:do not|don't|stop|no longer|never again)\\s+(?:follow|obey|listen to|comply with)(?:ing)?\\s+(?:any of\\s+)?(?:the|your|those|these)\\s+(?:\\w+\\s+)?${ORDERS}\\b`,
    ),
  },
  {
    id: "rules-do-not-apply",
    regex: new RegExp(
      `\\b(?:your|the ai's|the model's)\\s+(?:\\w+\\s+)?${NO_LIMITS_SOURCE}\\s+(?:do not|don't|no longer|doesn't|does not)\\s+apply\\b|\\bnone of (?:your|the)\\s+(?:\\w+\\s+)?${NO_LIMITS_SOURCE}\\s+apply\\b`,
    ),
  },
  {
    id: "freed-from-rules",
    regex:
      /\b(?:freed|released|liberated|broken free|break free) (?:from|of) (?:the |your |its |all |any )?(?:\w+ )?(?:confines|restrictions|rules|limitations|programming|shackles|guidelines)\b|\b(?:need not|needn't|do not have to|don't have to|no longer (?:have|need) to) (?:abide by|follow|obey|comply with)\b/,
  },
  {
    id: "disable-safety",
    regex:
      /\b(?:no|without|disable|remove|turn off|switch off)\s+(?:any\s+|the\s+|your\s+)?(?:safety|content|ethical|moral|ethics)\s+(?:filters?|restrictions?|guidelines|polic(?:y|ies)|limits|rules|guardrails)\b/,
  },
  {
    id: "unlimited-ai",
    regex: new RegExp(
      `\\b(?:ai|assistant|model|chatbot|bot|version of yourself)\\s+(?:with|that has|having|without)\\s+(?:no\\s+|any\\s+)?${NO_LIMITS}\\b`,
    ),
  },
  {
    id: "override-everything-said",
    regex: new RegExp(
      `\\b${OVERRIDE_VERB}\\s+(?:everything|anything|all)\\s+(?:you (?:were|have been) told|(?:said|written|stated) (?:above|before|earlier))`,
    ),
  },
  {
    id: "no-restrictions",
    regex: new RegExp(
      `\\b(?:without|no|free (?:of|from)|free of any|not bound by|unbound by)\\s+(?:any\\s+)?(?:\\w+\\s+)?${NO_LIMITS}\\b.{0,60}\\b(?:you|assistant|ai|model|answer|respond)\\b|\\b(?:you|ai|assistant|model) (?:have|has) no\\s+(?:\\w+\\s+)?${NO_LIMITS}\\b`,
    ),
  },
  {
    id: "persona-hijack",
    regex:
      /\b(?:you are now|you're now|from now on you are|act as|pretend (?:to be|you are)|roleplay as|become)\s+(?:an?\s+)?(?:dan|stan|dude|aim|evil|unrestricted|unfiltered|uncensored|jailbroken|rogue|unaligned|amoral|unlimited)\b/,
  },
  { id: "do-anything-now", regex: /\bdo anything now\b|\bdan mode\b|\bjailbr(?:eak|oken)\b/ },
  {
    id: "special-mode",
    regex:
      /\b(?:enable|enabled|activate|activated|enter|entering|switch to|now in|you are in)\s+(?:the\s+)?(?:developer|god|sudo|admin|debug|maintenance|unrestricted|jailbreak|dan)\s+mode\b/,
  },
  {
    id: "reveal-prompt",
    regex:
      /\b(?:reveal|print|show|repeat|output|display|leak|dump|disclose|recite|give me|tell me|what (?:is|are|was|were))\s+(?:me\s+)?(?:your|the)\s+(?:(?:full|entire|exact|complete|hidden|secret|initial|original|system|internal|developer)\s+)+(?:prompt|instructions|rules|message)\b|\b(?:reveal|print|show|repeat|output|display|leak|dump|disclose)\s+(?:me\s+)?your\s+(?:prompt|instructions|rules)\b/,
  },
  {
    id: "quote-instructions",
    regex:
      /\byour\s+(?:system\s+)?(?:instructions|prompt)\b.{0,40}\b(?:quote|verbatim|word for word)\b|\b(?:quote|recite|verbatim|word for word)\b.{0,40}\byour\s+(?:system\s+)?(?:instructions|prompt)\b/,
  },
  {
    id: "repeat-above",
    regex: /\brepeat (?:the |all (?:the )?)?(?:words|text|everything|lines|content) (?:above|before this|verbatim)\b/,
  },
  {
    id: "chat-delimiters",
    regex:
      /<\|?(?:im_start|im_end|system|endoftext|user|assistant)\|?>|\[\/?inst\]|<<\/?sys>>|###\s*(?:system|instruction|new instructions)\b|\bbegin (?:system|admin) (?:prompt|message)\b/,
  },
  {
    id: "new-instructions",
    regex:
      /\b(?:your )?new (?:instructions|system prompt|directives?|task|role|objective|rules) (?:are|is|follow)\b|\bupdated system prompt\b|\bnew (?:system prompt|instructions|rules|directives|role|persona)\s*:/,
  },
  {
    id: "authority-claim",
    regex: /\b(?:system|admin|administrator|developer|root) (?:override|command|notice|instruction)\s*:/,
  },
  {
    id: "force-verdict",
    regex:
      /\b(?:set|change|force|switch)\s+(?:the\s+)?status\s+(?:to|=|as)\s+["']?verified\b|\b(?:always|just|simply|must|you will)\s+(?:say|answer|return|respond|output|reply|mark|classify|report)\b.{0,40}\bverified\b|\bverified\b.{0,40}\b(?:regardless|no matter what|without (?:checking|verifying|verification|evaluating))\b|\b(?:mark|set|label|report|flag|classify)\s+(?:this|it|everything|the (?:claim|status|result))\s+as\s+verified\b.{0,40}\b(?:regardless|anyway|no matter|even if)\b/,
  },
  {
    id: "skip-verification",
    regex:
      /\b(?:do not|don't|never|stop)\s+(?:actually\s+)?(?:verify|check|validate|evaluate)\b.{0,40}\b(?:just|simply|instead)\s+(?:say|answer|return|respond|mark|output)\b/,
  },
];

/** Words the patterns look for: misspellings of them are snapped back before matching. */
export function patternVocabulary(): string[] {
  return INJECTION_PATTERNS.flatMap((pattern) => pattern.regex.source.match(/(?<![\\a-z])[a-z]{5,}/g) ?? []);
}

/** The id of the first family that matches `text`, if any. */
export function matchPattern(text: string): string | undefined {
  return INJECTION_PATTERNS.find((pattern) => pattern.regex.test(text))?.id;
}
