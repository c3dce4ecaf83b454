/**
 * Suggestions: what Lockleaf proposes for a document (from its own classifier and
 * extraction, or from Claude when asked), shown in the Inbox and applied only when
 * the user accepts them.
 */
import { z } from 'zod';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const amountSchema = z
  .object({
    value: z.number().finite(),
    /** ISO 4217 code when the text names one (EUR, USD, MYR…). */
    currency: z.string().max(3).nullable(),
    label: z.string().max(80).nullable(),
  })
  .strict();
export type Amount = z.infer<typeof amountSchema>;

/**
 * A label the suggester is more or less sure of (0–1). `proposed`: not one of the user's existing labels
 * (Claude may propose a new type, correspondent or tag); accepting it creates it.
 */
export const scoredSchema = z
  .object({
    name: z.string().min(1).max(200),
    confidence: z.number().min(0).max(1),
    proposed: z.boolean().optional(),
  })
  .strict();
export type Scored = z.infer<typeof scoredSchema>;

export const suggestionSchema = z
  .object({
    source: z.enum(['device', 'ai']),
    title: z.string().max(500).nullable(),
    type: scoredSchema.nullable(),
    correspondent: scoredSchema.nullable(),
    tags: z.array(scoredSchema.extend({ proposed: z.boolean().optional() })).max(50),
    documentDate: isoDate.nullable(),
    total: amountSchema.nullable(),
    dueDate: isoDate.nullable(),
    expiryDate: isoDate.nullable(),
    /** One line, from Claude only. */
    summary: z.string().max(500).nullable(),
  })
  .strict();
export type Suggestion = z.infer<typeof suggestionSchema>;

export interface InboxItem {
  id: string;
  title: string;
  originalName: string;
  mime: string;
  addedAt: string;
  /** What the document already has (set by the user). */
  current: {
    type: string | null;
    correspondent: string | null;
    tags: string[];
    createdAt: string;
    /** The document's own "Total", "Due date" and "Expiry date" fields, if it has them. */
    total: Amount | null;
    dueDate: string | null;
    expiryDate: string | null;
  };
  suggestion: Suggestion | null;
  aiSuggestion: Suggestion | null;
  /** Claude was asked and the request still waits (offline, rate-limited). */
  aiQueued: boolean;
  aiExcluded: boolean;
}

/** What the user accepts: each field as the Inbox form holds it after edits. */
export const acceptSchema = z
  .object({
    id: z.string().min(1).max(200),
    title: z.string().trim().min(1).max(500),
    type: z.string().trim().min(1).max(200).nullable(),
    correspondent: z.string().trim().min(1).max(200).nullable(),
    /** Tags the document gets (those it has stay unless named in removeTags). */
    tags: z.array(z.string().trim().min(1).max(200)).max(50),
    /**
     * Tags the user took off in the form. Only these are removed: a tag added elsewhere (sync, the
     * library) after the form was drawn stays.
     */
    removeTags: z.array(z.string().trim().min(1).max(200)).max(200).default([]),
    documentDate: isoDate.nullable(),
    total: amountSchema.nullable(),
    dueDate: isoDate.nullable(),
    expiryDate: isoDate.nullable(),
  })
  .strict();
export type AcceptInput = z.infer<typeof acceptSchema>;

export const reminderKinds = ['due', 'expiry'] as const;
export type ReminderKind = (typeof reminderKinds)[number];

/** A document with a due or expiry date. */
export interface Reminder {
  id: string;
  title: string;
  kind: ReminderKind;
  date: string;
  /** Whole days from today (negative: past). */
  daysLeft: number;
}

/** The custom fields that hold what extraction found, once accepted (they sync like any field). */
export const FIELD_DUE = 'Due date';
export const FIELD_EXPIRY = 'Expiry date';
export const FIELD_TOTAL = 'Total';

/** Claude as the window sees it: never the key, only whether one is set. */
export interface AiStatusView {
  enabled: boolean;
  hasKey: boolean;
  model: string;
  budgetChars: number;
  excludedTags: string[];
  patterns: string[];
  /** Requests waiting to be sent (offline, rate-limited). */
  queued: number;
}

/** Exactly what would be sent for a document, before it is. */
export interface AiPreview {
  id: string;
  model: string;
  system: string;
  text: string;
  chars: number;
  sha256: string;
  /** How many of each kind were replaced (IBAN, email…) before sending. */
  redactions: Record<string, number>;
  /** Characters left out between head and tail to keep within the budget. */
  omitted: number;
}

export const aiSettingsSchema = z
  .object({
    model: z.string().trim().min(1).max(100),
    budgetChars: z.number().int().min(500).max(100_000),
    excludedTags: z.array(z.string().trim().min(1).max(200)).max(200),
    patterns: z.array(z.string().min(1).max(500)).max(50),
  })
  .partial()
  .strict();
export type AiSettingsPatch = z.infer<typeof aiSettingsSchema>;

/** What asking Claude did: a suggestion in the Inbox, or queued to be sent when it can. */
export type AiAskResult = { status: 'suggested'; suggestion: Suggestion } | { status: 'queued'; reason: string };
