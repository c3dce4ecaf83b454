/**
 * What an amount's label says it is. Labels are compared squeezed (lowercase letters
 * only, OCR's 0/1 read back as o/l), so "T0TAL", "Inc lusive" and "T oT Al" still read.
 */

export function squeeze(label: string): string {
  return label
    .toLowerCase()
    .replace(/0/g, 'o')
    .replace(/[1|]/g, 'l')
    .replace(/[^\p{L}]/gu, '');
}

/** A total's word, with OCR's usual slips ("tota]", "towal", "totdl", "[otal", "tote"). */
const TOTAL = /t[oa]t[a-z]?l|tota|towal|^otal|^l?otal|tote|totaal|summe|montant|betrag|jumlah/;

/** Amounts that are never the total, even when their label says "total". */
const NOT_TOTAL =
  /sub|qty|quantity|item|point|disc|change|cash|tender|receiv|r[ao]u?nd|saving|exc|exl|exkl|before|ohne|netto|zuschl|abschl|anzahl|positions|erhalten|^gst|^tax|^vat|^tva|^btw|^mwst|^ust|totalgst$|totaltax|taxtotal|totalht|horstaxe|gross/;

/** Labels of the amount payable, strongest first. */
const STRONG =
  /grandtotal|nett?total|nettamount|netamt|amountpayable|amtpayable|totalpayable|amountdue|balancedue|totaldue|incl|inclusive|clusive|lcive|totalttc|ttc$|montantapayer|netapayer|gesamtbetrag|bruttosumme|rechnungsbetrag|endbetrag|roundedtotal|totalrounded|factuurtotaal|totaalbedrag|totaltopay|amounttopay/;

/**
 * How much a label says "the total": 3 for the amount payable (grand/net total, total
 * incl. tax, Gesamtbetrag, Total TTC…), 2 for a plain total, 1 for a total of sales or
 * the like; null when it is no total (subtotal, tax, change, quantity…).
 */
export function totalWeight(label: string): number | null {
  const s = squeeze(label);
  if (!s) return null;
  // "(Bill inclusive of 6% GST : RM2.21)": the amount right after a tax rate is the tax.
  if (/%\s*\)?\s*(?:gst|tax|vat|tva|btw|mwst|ust)\b[^%]*$/i.test(label)) return null;
  // "Service charge (incl. GST)" is a charge, not the total.
  if (/service|serv|charge|chrg|ghrg|svc|tip|fee|porto/.test(s) && !TOTAL.test(s)) return null;
  if (STRONG.test(s) && !/exc|exl|exkl|ohne|^gst|^tax|^vat|sub|zuschl|abschl/.test(s)) return 3;
  if (NOT_TOTAL.test(s)) return null;
  if (/zahlbetrag|apayer/.test(s)) return 2;
  // A receipt's "BALANCE" is as often the change given as the amount left to pay.
  if (/solde|balance/.test(s)) return 1;
  if (!TOTAL.test(s)) return null;
  if (/sales|gross|brut/.test(s)) return 1.5;
  return 2;
}

/** A rounding adjustment's label ("Rounding Adj", "Raunding", "Round Adj"). */
export function isRounding(label: string): boolean {
  return /r[ao]u?nd/.test(squeeze(label));
}

/** Labels worth listing among a document's other amounts. */
export function isAmountLabel(label: string): boolean {
  return /total|sum|tax|gst|vat|mwst|ust|tva|btw|disc|rabatt|remise|r[ao]u?nd|cash|change|paid|balance|due|betrag|montant|amount|amt|payable|service|tip|deposit|anzahlung|acompte|solde/.test(
    squeeze(label),
  );
}
