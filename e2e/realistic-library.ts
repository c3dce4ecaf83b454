/**
 * A library that looks like a real person's (issue 16, "Quality": long titles,
 * long OCR snippets, photos, many tags), for the screens spec's screenshots:
 * PDFs of several pages and photos, all read by ingest (thumbnails, text),
 * filed papers, two photos in the Inbox, due dates, and one in the trash.
 */
import sharp from 'sharp';
import { expect } from 'vitest';
import { textImage, textPdf } from '../src-main/ingest/test-fixtures.js';
import type { Host } from './host/server.js';

interface Paper {
  title: string;
  type: string;
  correspondent: string;
  tags: string[];
  date: string;
  lines: string[];
  pages?: number;
  due?: string;
}

const PAPERS: Paper[] = [
  {
    title: 'Residential lease agreement for the flat at Keizersgracht 214, third floor, including inventory annex',
    type: 'Contract',
    correspondent: 'Amstelhuis Property Management B.V.',
    tags: ['home', 'lease', 'important', 'signed', '2024', 'keep forever'],
    date: '2024-02-01',
    lines: [
      'RESIDENTIAL LEASE AGREEMENT',
      'The landlord lets to the tenant the flat described in annex A',
      'Rent EUR 1,450.00 per month',
    ],
    pages: 6,
  },
  {
    title: 'Electricity bill January',
    type: 'Invoice',
    correspondent: 'Vattenfall',
    tags: ['home', 'utilities', 'paid'],
    date: '2025-01-31',
    lines: ['Vattenfall', 'Invoice 2025-0131', 'Total due EUR 96.40', 'Due date 14 February 2025'],
    due: '2026-12-09',
  },
  {
    title: 'Passport',
    type: 'ID',
    correspondent: 'Gemeente Amsterdam',
    tags: ['identity', 'travel', 'keep forever'],
    date: '2019-05-20',
    lines: ['PASSPORT', 'Kingdom of the Netherlands', 'Date of expiry 19 May 2029'],
  },
  {
    title: 'Blood test results and discharge letter from the cardiology outpatient clinic after the March check-up',
    type: 'Medical',
    correspondent: 'OLVG Hospital',
    tags: ['health', 'cardiology', 'private'],
    date: '2025-03-12',
    lines: ['OLVG Cardiology', 'Discharge letter', 'Cholesterol 4.9 mmol/l, blood pressure 128/82'],
    pages: 3,
  },
  {
    title: 'Coolblue receipt — washing machine',
    type: 'Receipt',
    correspondent: 'Coolblue',
    tags: ['home', 'warranty', 'appliances'],
    date: '2024-11-08',
    lines: ['Coolblue B.V.', 'Bosch Serie 6 washing machine', 'Total EUR 649.00', 'Warranty until 8 November 2026'],
  },
  {
    title: 'Bank statement November',
    type: 'Statement',
    correspondent: 'ING Bank',
    tags: ['finance', 'bank'],
    date: '2025-11-30',
    lines: ['ING Bank statement', 'Opening balance 2,340.12', 'Closing balance 2,911.87'],
    pages: 2,
  },
  {
    title: 'Car insurance policy renewal with the no-claims discount certificate and the green card',
    type: 'Insurance',
    correspondent: 'Centraal Beheer',
    tags: ['car', 'insurance', 'renewal', 'important'],
    date: '2025-06-01',
    lines: ['Centraal Beheer', 'Policy renewal', 'Premium EUR 48.20 per month', 'Renewal date 1 June 2026'],
    due: '2026-12-20',
  },
  {
    title: 'Tax assessment 2024',
    type: 'Tax',
    correspondent: 'Belastingdienst',
    tags: ['finance', 'tax', '2024', 'important'],
    date: '2025-04-15',
    lines: ['Belastingdienst', 'Definitive assessment income tax 2024', 'To be refunded EUR 412.00'],
    pages: 4,
  },
];

const PHOTOS = [
  { name: 'IMG_2041 parking fine windshield.jpg', lines: ['PARKING FINE', 'Amount EUR 75.00', 'Pay within 14 days'] },
  { name: 'Photo of handwritten note from the neighbours.jpg', lines: ['Dear neighbours', 'Party on Saturday'] },
];

/** Fills the host's vault through ingest (so each has its thumbnail), then files the papers as a person would. */
export async function seedRealisticLibrary(host: Host): Promise<Map<string, string>> {
  const { session } = host;
  const ids = new Map<string, string>();
  const queued = async (bytes: Buffer, name: string) => {
    const result = await session.ingest.queue.enqueue({ bytes, name });
    if (result.status !== 'queued') throw new Error(`${name} was not queued: ${result.status}`);
    return result.documentId;
  };
  for (const p of PAPERS) {
    const pages = Array.from({ length: p.pages ?? 1 }, (_, i) => (i === 0 ? p.lines : [p.title, `Page ${i + 1}`]));
    ids.set(p.title, await queued(await textPdf(pages), `${p.title.slice(0, 40)}.pdf`));
  }
  for (const photo of PHOTOS) {
    const bytes = await sharp(await textImage(photo.lines, { width: 1000, height: 760 }))
      .jpeg()
      .toBuffer();
    await queued(bytes, photo.name);
  }
  const total = PAPERS.length + PHOTOS.length;
  await expect
    .poll(async () => (await session.ingest.queue.list()).filter((j) => j.state === 'done').length, {
      timeout: 180_000,
    })
    .toBe(total);
  // The papers filed (the photos stay in the Inbox, to review).
  const vault = session.vault;
  for (const p of PAPERS) {
    const id = ids.get(p.title)!;
    await vault.update(id, {
      title: p.title,
      type: p.type,
      correspondent: p.correspondent,
      createdAt: `${p.date}T09:00:00.000Z`,
    });
    await vault.retag([id], p.tags, []);
    if (p.due) await vault.setField(id, 'Due date', 'date', p.due);
  }
  await session.inbox.classify.dismiss([...ids.values()]);
  const { id: gone } = await vault.add({ bytes: Buffer.from('old flyer'), name: 'Old pizza flyer.txt' });
  await vault.trash(gone);
  session.emit('documents:changed', { ids: [] });
  return ids;
}
