/**
 * Redaction of what is sent to Claude (issue 14): IBANs, card numbers, national ID and passport numbers,
 * e-mail addresses and phone numbers are replaced by a marker ([IBAN], [CARD]…) before any text leaves
 * the device, plus the user's own patterns. Pure, so the preview, the request and the tests agree.
 *
 * Bias: a number shaped like a secret is redacted even when its checksum fails (OCR misreads digits, and
 * a leaked IBAN is worse than a lost one); but bare digit runs are only taken with a shape or a label,
 * so dates, amounts and invoice numbers stay, and Claude can still read them.
 */

export const redactionKinds = ['email', 'iban', 'card', 'passport', 'id', 'phone', 'custom'] as const;
export type RedactionKind = (typeof redactionKinds)[number];

export const REDACTION_MARKERS: Record<RedactionKind, string> = {
  email: '[EMAIL]',
  iban: '[IBAN]',
  card: '[CARD]',
  passport: '[PASSPORT]',
  id: '[ID]',
  phone: '[PHONE]',
  custom: '[REDACTED]',
};

export interface Redacted {
  text: string;
  counts: Record<RedactionKind, number>;
}

/** IBAN lengths of the countries whose documents Lockleaf meets most (an OCR-damaged IBAN still has its length). */
const IBAN_LENGTHS: Record<string, number> = {
  AT: 20, BE: 16, CH: 21, CZ: 24, DE: 22, DK: 18, ES: 24, FI: 18, FR: 27, GB: 22, GR: 27, HR: 21, HU: 28, IE: 22,
  IT: 27, LI: 21, LU: 20, MC: 27, NL: 18, NO: 15, PL: 28, PT: 25, RO: 24, SE: 24, SI: 19, SK: 24,
}; // prettier-ignore

function ibanChecksumOk(iban: string): boolean {
  const moved = iban.slice(4) + iban.slice(0, 4);
  let rest = 0;
  for (const ch of moved) {
    const n = ch >= 'A' && ch <= 'Z' ? String(ch.charCodeAt(0) - 55) : ch;
    for (const d of n) rest = (rest * 10 + Number(d)) % 97;
  }
  return rest === 1;
}

/**
 * The IBAN in a match that may run on into the next word: cut to its country's length, or the whole of it
 * when its checksum holds.
 */
function ibanIn(m: RegExpExecArray): { start: number; text: string } | undefined {
  const raw = m[0];
  const compact = raw.replace(/[\s-]/g, '').toUpperCase();
  const length = IBAN_LENGTHS[compact.slice(0, 2)];
  if (length !== undefined && compact.length >= length) {
    let seen = 0;
    let end = 0;
    while (seen < length) if (/[A-Z0-9]/i.test(raw[end++]!)) seen++;
    return { start: m.index, text: raw.slice(0, end) };
  }
  return compact.length >= 15 && compact.length <= 34 && ibanChecksumOk(compact)
    ? { start: m.index, text: raw }
    : undefined;
}

function luhnOk(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return sum % 10 === 0;
}

/** Issuer prefixes (Visa, Mastercard, Amex, Discover, JCB, Diners, UnionPay, Maestro): a Luhn-valid invoice number is not a card. */
const CARD_PREFIX = /^(?:4|5[1-5]|2[2-7]|3[47]|3[0689]|6(?:011|5|2)|5[06-9])/;

function isCard(raw: string): boolean {
  const digits = raw.replace(/\D/g, '');
  return digits.length >= 13 && digits.length <= 19 && CARD_PREFIX.test(digits) && luhnOk(digits);
}

type Rule = {
  kind: RedactionKind;
  pattern: RegExp;
  /** The text to redact (the whole match by default; a labelled rule keeps its label). */
  value?: (match: RegExpExecArray) => { start: number; text: string } | undefined;
  accept?: (text: string) => boolean;
};

/** Keeps the label (group 1) and redacts what follows it (group 2). */
const afterLabel = (m: RegExpExecArray) => (m[2] ? { start: m.index + m[1]!.length, text: m[2] } : undefined);

const NUMBER_AFTER_LABEL = String.raw`(?:\s*(?:no\.?|nr\.?|number|n°|no°|numéro|nummer|[#:.-]))*\s*`;
const labelled = (labels: string, value: string) =>
  new RegExp(String.raw`(\b(?:${labels})${NUMBER_AFTER_LABEL})(${value})`, 'giu');

/** One code, or groups of digits (1 85 05 78 006 084 36); never the words after it. */
const ID_TOKEN = String.raw`[A-Z0-9]+(?:[ -]\d+)*`;
/** A labelled number has a digit and at least six characters: "Passport holder" and "ID 2024" stay. */
const idLike = (t: string) => /\d/.test(t) && t.replace(/[ -]/g, '').length >= 6;

const RULES: Rule[] = [
  { kind: 'email', pattern: /[\p{L}0-9._%+-]+@[\p{L}0-9-]+(?:\.[\p{L}0-9-]+)*\.\p{L}{2,}/giu },
  { kind: 'iban', pattern: /\b[A-Z]{2}\d{2}(?:[ -]?[A-Z0-9]){11,30}/gi, value: ibanIn },
  // Groups of four with one separator, Amex's 4-6-5, or one run of digits: never across into the next number.
  {
    kind: 'card',
    pattern: /\b(?:\d{4}([ .-]?)\d{4}\1\d{4}\1\d{1,7}|3[47]\d{2}([ -]?)\d{6}\2\d{5}|\d{13,19})\b/g,
    accept: isCard,
  },
  // A passport's machine-readable zone, and numbers labelled as a passport's.
  { kind: 'passport', pattern: /(?<![A-Z0-9<])(?=[A-Z0-9<]*<<)[A-Z0-9<]{20,}/g },
  {
    kind: 'passport',
    pattern: labelled(String.raw`passport|reisepass|passeport|pass-?nr|passnummer`, ID_TOKEN),
    value: afterLabel,
    accept: idLike,
  },
  // National ID, tax and social-security numbers, labelled.
  {
    kind: 'id',
    pattern: labelled(
      String.raw`(?:national\s+)?id(?:entity)?\s+card|id\s+no|personalausweis(?:nummer)?|ausweis(?:-?nr|nummer)?|steuer-?id(?:entifikationsnummer)?|identifikationsnummer|sozialversicherungs-?(?:nr|nummer)|versichertennummer|carte\s+(?:nationale\s+)?d['’]identité|cni|numéro\s+de\s+sécurité\s+sociale|n°\s+de\s+sécurité\s+sociale|sécurité\s+sociale|ssn|social\s+security(?:\s+number)?|national\s+insurance(?:\s+number)?|nino|tax\s+id|document\s+no`,
      ID_TOKEN,
    ),
    value: afterLabel,
    accept: idLike,
  },
  // Unlabelled national numbers with an unmistakable shape: US SSN, UK National Insurance, French NIR.
  { kind: 'id', pattern: /\b\d{3}-\d{2}-\d{4}\b/g },
  { kind: 'id', pattern: /\b[A-CEGHJ-PR-TW-Z]{2} ?\d{2} ?\d{2} ?\d{2} ?[A-D]\b/g },
  // (the NIR only spaced as printed on the carte Vitale: unspaced, 13 digits are any order number)
  { kind: 'id', pattern: /\b[12] \d{2} (?:0[1-9]|1[0-2]|[2-9]\d) (?:\d{2}|2A|2B) \d{3} \d{3}(?: \d{2})?\b/g },
  // International numbers (+49 30 1234567, +33 (0)1 23 45 67 89), French 0X XX XX XX XX, North American (555) 123-4567.
  {
    kind: 'phone',
    pattern: /(?<![\w+])\+\d{1,3}(?:[ ./-]?\(0\))?(?:[ ./-]?\d{1,5}){2,6}\b/g,
    accept: (t) => t.replace(/\D/g, '').length >= 7,
  },
  { kind: 'phone', pattern: /\b0[1-9]([ .])\d{2}(?:\1\d{2}){3}\b/g },
  { kind: 'phone', pattern: /(?:\(\d{3}\)\s?|\b\d{3}[-. ])\d{3}[-. ]\d{4}\b/g },
  // Swiss social-security (AHV/AVS) numbers: 756 and ten more digits, dotted.
  { kind: 'id', pattern: /\b756\.\d{4}\.\d{4}\.\d{2}\b/g },
  // National numbers otherwise look like any other number: only after a label (Tel., Fax, Mobil, Tél., Portable…).
  {
    kind: 'phone',
    pattern: labelled(
      String.raw`tel|telefon|telephone|phone|fax|telefax|mobil|mobile|handy|cell|tél|téléphone|portable|fon`,
      String.raw`\(?0\d{1,5}\)?(?:[ /.-]?\d{2,8}){1,4}`,
    ),
    value: afterLabel,
  },
];

/** Null when `pattern` is usable, else why not (shown to the user). */
export function patternProblem(pattern: string): string | null {
  if (pattern.length === 0 || pattern.length > 500) return 'a pattern must have 1 to 500 characters';
  let re: RegExp;
  try {
    re = new RegExp(pattern, 'giu');
  } catch (error) {
    return `not a valid regular expression (${(error as Error).message})`;
  }
  // A pattern that matches nothing at all would put a marker between every two characters.
  if (re.test('')) return 'it matches an empty text, so it would redact between every character';
  // A repeated group that itself repeats ("(a+)+", "(\\w*\\s?)*") can take exponential time on a
  // long text that almost matches, freezing the app: refused, as most linters do.
  if (NESTED_QUANTIFIER.test(pattern))
    return 'a repeated group contains a repetition (like "(a+)+"), which can take hours on some texts; write it without the outer repetition';
  return null;
}

/** A group containing + * or {n,} that is itself followed by + * or {n,}. */
const NESTED_QUANTIFIER = /\((?:[^()\\]|\\.)*(?:[+*]|\{\d+,\d*\})(?:[^()\\]|\\.)*\)(?:[+*]|\{\d+,\d*\})/;

export class InvalidPatternError extends Error {
  constructor(
    readonly pattern: string,
    readonly problem: string,
  ) {
    super(`Redaction pattern ${JSON.stringify(pattern)}: ${problem}.`);
  }
}

function userRules(patterns: readonly string[]): Rule[] {
  return patterns.map((p) => {
    const problem = patternProblem(p);
    if (problem) throw new InvalidPatternError(p, problem);
    return { kind: 'custom', pattern: new RegExp(p, 'giu') };
  });
}

function apply(text: string, rule: Rule, counts: Record<RedactionKind, number>): string {
  const marker = REDACTION_MARKERS[rule.kind];
  let out = '';
  let last = 0;
  rule.pattern.lastIndex = 0;
  for (let m = rule.pattern.exec(text); m; m = rule.pattern.exec(text)) {
    if (m[0].length === 0) {
      rule.pattern.lastIndex++;
      continue;
    }
    const target = rule.value ? rule.value(m) : { start: m.index, text: m[0] };
    if (!target || (rule.accept && !rule.accept(target.text))) continue;
    out += text.slice(last, target.start) + marker;
    last = target.start + target.text.length;
    counts[rule.kind]++;
  }
  return out + text.slice(last);
}

/** Redacts `text`; throws InvalidPatternError for a user pattern that is not usable. */
export function redact(text: string, patterns: readonly string[] = []): Redacted {
  const counts = Object.fromEntries(redactionKinds.map((k) => [k, 0])) as Record<RedactionKind, number>;
  let out = text;
  // The user's patterns first: they name what they know is private, whatever else it looks like.
  for (const rule of [...userRules(patterns), ...RULES]) out = apply(out, rule, counts);
  return { text: out, counts };
}
