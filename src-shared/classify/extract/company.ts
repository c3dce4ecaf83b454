/**
 * The issuer's name: a line near the top that reads as a name (not an address, a phone
 * line, a registration number or "TAX INVOICE"), preferring one with a legal form
 * (SDN BHD, GmbH, Ltd, SARL, B.V.…) or under a "Seller:" label; a name split over two
 * lines is joined. Registration numbers and OCR noise are stripped from what is kept.
 */

const LEGAL_LONG =
  /\b(?:SDN\.?\s*BHD\.?|BHD\.?|GMBH(?:\s*&\s*CO\.?\s*KG)?|LTD\.?|LIMITED|LLC|INC\.?|CORP\.?|CORPORATION|SARL|PVT\.?\s*LTD\.?|PTE\.?\s*LTD\.?|B\.V\.|N\.V\.|L\.?L\.?P\.|L\.P\.|S\.A\.S?\.?|S\.R\.L\.|PLC)(?=[\s,.)]|$)/i;
const LEGAL_SHORT = /\b(?:AG|KG|SA|SAS|SB|S\/B\.?|CO\.|Co\.|BV|NV|UG|AB|OY|GbR|OHG|e\.K\.)(?=[\s,.)]|$)/;
const BUSINESS =
  /\b(?:ENTERPRISES?|TRADING|TRADERS?|RESTAURANT|RESTORAN|KEDAI|STORES?|MART|SHOP|HARDWARE|SUPPLIES|SUPPLY|BOOKSTORES?|CAFE|COFFEE|BAKERY|PHARMACY|MARKET|SERVICES?|CENTRE|CENTER|HOTEL|ELECTRICAL|STATIONERY|MOTOR|GROUP|HOLDINGS|INTERNATIONAL|INDUSTRIES|SUPERMARKET|DECO)\b/i;
const NOT_A_NAME =
  /\btel\b|telefon|phone|\bfax\b|e-?mail|@|www\.|\.com|http|\bgst\b|tax\s*inv|\binvoice\b|receipt|rechnung|facture|factuur|cashier|\bdate\b|datum|\btable\b|\border\b|bill\s*to|\breg\b|registration|company\s*no|nummer|number|\bnr\b|welcome|thank|stylesheet|address|adresse|anschrift|signat|unterschrift|\bpage\b|customer|kunde|client|summary|qty|amount|total|\bcash\b|\bbill\b|\bcopy\b|re-?print|\bpos\b|terminal|member|\bslip\b|:\s*$|^\s*(?:between|and|by|zwischen|und|entre|et)\s*$/i;
const ADDRESS =
  /\b(?:jalan|jln|lorong|taman|lot|no\.?\s*\d|block|blok|floor|level|road|rd|street|st|avenue|ave|stra(?:ss|ß)e|str|weg|platz|rue|chemin|boulevard|kawasan|bandar|seksyen|section|persiaran|unit|suite|postfach|bp)\b|\b\d{5}\b|^\W*\d{4,5}\s/i;
const SELLER_LABEL = /^\s*(?:verk[äa]ufer|seller|vendor|sold by|supplier|lieferant|fournisseur|vendeur|from)\s*:?\s*$/i;

const hasLegal = (s: string) => LEGAL_LONG.test(s) || LEGAL_SHORT.test(s);

/** A line cleaned to the name it holds. */
export function cleanName(line: string): string {
  let s = line
    .replace(/\bS[O0]N\b(?=\.?\s*BH[DO0]\b)/g, 'SDN')
    .replace(/\b(?<=SDN\.?\s*)BH[O0]\b/g, 'BHD')
    .replace(/\b[S5]\s?\/\s?[B8]\b/g, 'S/B')
    // "JIAWE |": a capital I read as a bar.
    .replace(/(?<=[A-Z])\s?\|(?=\s|$)/g, 'I')
    // Registration numbers: "(867388-U)", "{306255-X)", "JMO726765-U", "(4M0517726)".
    .replace(/[({[][^)}\]]*\d[^)}\]]*(?:[)}\]]|$)/g, ' ')
    .replace(/\b[A-Z]{0,3}\d[\dA-Z]{4,}(?:-[A-Z\d])?\b/g, ' ');
  // "Au bon moulin SARL - 1242 chemin…": the name is the first part.
  s = s.replace(/\s+/g, ' ').split(/\s[-–—|]\s/)[0]!;
  // "MYNEWS RETAIL SB FKA BISON STORES SB": the name ends at its legal form.
  const legal = LEGAL_LONG.exec(s) ?? LEGAL_SHORT.exec(s);
  if (legal) {
    const end = legal.index + legal[0].length;
    if (s.slice(end).trim().split(/\s+/).filter(Boolean).length >= 2) s = s.slice(0, end);
  }
  // "25, 2019 by and between MediaCo Holding Inc.": a contract's party starts after the
  // last connecting word before its legal form.
  const form = LEGAL_LONG.exec(s) ?? LEGAL_SHORT.exec(s);
  const lead = form && /^.*\b(?:and|between|by|und|zwischen|entre)\s+/.exec(s.slice(0, form.index));
  if (lead) s = s.slice(lead[0].length);
  return s
    .replace(/^[^\p{L}\d&]+|[^\p{L}\d.)]+$/gu, '')
    .replace(/^(?:BETWEEN|Between|AND|And)\s+/, '')
    .replace(/\s*,\s*$/, '')
    .replace(/\s+/g, ' ')
    .trim();
}

function looksLikeName(name: string, raw: string): boolean {
  const letters = name.match(/\p{L}/gu)?.length ?? 0;
  if (letters < 3 || NOT_A_NAME.test(raw) || ADDRESS.test(name)) return false;
  const bare = name.replace(LEGAL_LONG, '').replace(LEGAL_SHORT, '');
  if ((bare.match(/\p{L}/gu)?.length ?? 0) < 3) return false;
  const digits = name.match(/\d/g)?.length ?? 0;
  if (digits > letters / 3) return false;
  // Prose is no name: a long line, or one that starts lower-case or ends a sentence,
  // unless a legal form vouches for it.
  if (hasLegal(name)) return true;
  const words = name.split(/\s+/).length;
  return words <= 8 && !/^\p{Ll}/u.test(name) && !(/[.;]$/.test(name) && words > 3);
}

function score(name: string, raw: string, position: number, labelled: boolean): number {
  let s = position;
  if (hasLegal(name)) s += 4;
  if (/[({][^)}]*\d{4,}/.test(raw) || /\d{5,}-[A-Z]\b/.test(raw)) s += 1;
  if (BUSINESS.test(name)) s += 1.5;
  if (/\d/.test(name)) s -= 1;
  if (name === name.toLowerCase()) s -= 3;
  const words = name.split(/\s+/);
  if (words.length === 1) {
    s -= 0.5;
    // "Bozizg", "Geoventure": OCR noise or a logo's word, mixed case and alone.
    if (name !== name.toUpperCase() && !labelled) s -= 1;
  }
  return s;
}

export function pickCompany(text: string): string | null {
  const lines = text.split(/\r?\n|\f/);
  let best: { name: string; score: number } | null = null;
  let nonBlank = 0;
  let sellerAt = -99;
  lines.forEach((raw, i) => {
    if (!raw.trim()) return;
    const k = nonBlank++;
    if (SELLER_LABEL.test(raw)) {
      sellerAt = k;
      return;
    }
    const inHead = k < 12;
    // Under a "Seller:" label the first line is the likeliest name, then the next two.
    const near = Math.max(0, 4 - (k - sellerAt));
    let name = cleanName(raw);
    if (!looksLikeName(name, raw)) return;
    // Far from the top only a line with a legal form and a registration number counts.
    if (!inHead && near === 0 && !(hasLegal(name) && /\d{4,}/.test(raw))) return;
    const next = lines[i + 1] ?? '';
    const nextName = cleanName(next);
    const bareLegal = /^(?:SDN BHD|BHD|GMBH|LTD|S\/B)\.?$/i.test(nextName);
    const joinable =
      !hasLegal(name) &&
      next.trim() !== '' &&
      !/\d/.test(next) &&
      (bareLegal ||
        (looksLikeName(nextName, next) && name === name.toUpperCase() && nextName === nextName.toUpperCase()));
    if (joinable) name = `${name} ${nextName}`;
    const s = score(name, raw, (inHead ? Math.max(0, 3 - 0.4 * k) : 0) + near, near > 0);
    if (!best || s > best.score) best = { name, score: s };
  });
  // A weak best (a lone line far down, lower-case) is no better than nothing.
  const found = best as { name: string; score: number } | null;
  return found && found.score >= 1 ? found.name : null;
}
