/**
 * Fields read from a document's text on the device: its date, total and other amounts,
 * due and expiry dates, and issuer. Pure code (main, CLI and bench all run it).
 */
import { pickAmounts, type Money } from './amounts.js';
import { pickCompany } from './company.js';
import { pickDates } from './pick-dates.js';

export interface Extraction {
  /** ISO date: the document's own (issue/invoice/receipt) date. */
  documentDate: string | null;
  /** The amount payable, currency as ISO 4217 when the text shows one. */
  total: Money | null;
  /** Other labelled amounts (subtotal, tax, …), at most 10. */
  amounts: Money[];
  dueDate: string | null;
  /** ID or passport expiry, contract or insurance end, warranty until. */
  expiryDate: string | null;
  /** The issuer (shop, seller), as printed, cleaned up. */
  company: string | null;
}

export interface ExtractOptions {
  /** BCP 47; "en-US" reads ambiguous numeric dates month-first. */
  locale?: string;
  /** ISO date standing for today (dates after next year are refused). */
  today?: string;
}

export function extractFields(text: string, options: ExtractOptions = {}): Extraction {
  const { documentDate, dueDate, expiryDate } = pickDates(text, options);
  const { total, amounts } = pickAmounts(text);
  return { documentDate, total, amounts, dueDate, expiryDate, company: pickCompany(text) };
}
