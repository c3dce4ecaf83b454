/** The sidebar's Dates and All documents: live documents counted by the month of their date, and in all. */
import type { FacetCount } from '../../../src-shared/documents.js';
import type { ReadDb } from '../db/connection.js';

export async function dateFacets(db: ReadDb): Promise<{ months: FacetCount[]; total: number }> {
  // created_at is an ISO string, so its first seven characters are the month; newest first, as the sidebar lists them.
  const months = await db.all<{ name: string; count: number }>(
    `SELECT substr(created_at, 1, 7) AS name, count(*) AS count FROM documents
     WHERE deleted_at IS NULL GROUP BY name ORDER BY name DESC`,
  );
  return { months, total: months.reduce((sum, m) => sum + m.count, 0) };
}
