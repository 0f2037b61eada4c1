// Issue 4 (privacy by default): an idea handed in without an account whose address was never confirmed is
// deleted, with its images and address, once every link has expired; confirmed ideas and live links stay.
import { randomUUID } from 'node:crypto';
import { eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../src/lib/server/db/client.ts';
import { confirmIdea, purgeUnconfirmed, submitIdea } from '../../src/lib/server/app/ideas.ts';
import { costItem, emailToken, event, outbox, proposal } from '../../src/lib/server/db/schema/index.ts';
import { BACKENDS, openSeededTestDb } from '../setup/test-db.ts';

const NOW = new Date('2026-11-23T10:00:00Z');
const DAY = 86_400_000;
const OPEN = 'buergerhaushalt-2027-treptow-koepenick';

function anonymousIdea(title: string, email: string): FormData {
	const f = new FormData();
	const fields: Record<string, string> = {
		title,
		description: 'Ein Regal zum Tauschen von Büchern, offen für alle im Kiez.',
		'items.0.category': 'material',
		'items.0.description': 'Holz',
		'items.0.amount': '400',
		contactName: 'Ben',
		contactEmail: email
	};
	for (const [k, v] of Object.entries(fields)) f.set(k, v);
	return f;
}

async function submit(h: DbHandle, title: string, at: Date) {
	const email = `cleanup-${randomUUID().slice(0, 8)}@example.org`;
	const r = await submitIdea(h.db, null, OPEN, anonymousIdea(title, email), at, { origin: 'https://kiez.example', locale: 'de' });
	if (r.kind !== 'ok') throw new Error(`submit failed: ${r.kind}`);
	const mail = (await h.db.select().from(outbox)).map((o) => o.payload as { to: string; text: string }).find((m) => m.to === email)!;
	return { id: r.id, token: /token=([A-Za-z0-9_-]+)/.exec(mail.text)![1]! };
}

describe.each(BACKENDS)('cleanup of unconfirmed ideas on %s', (backend) => {
	let h: DbHandle;
	beforeAll(async () => {
		h = await openSeededTestDb(backend, NOW);
	});
	afterAll(async () => {
		await h?.close();
	});

	it('deletes only ideas whose every link expired unused, once, with an audit event', async () => {
		const old = await submit(h, 'Nie bestätigt', NOW);
		const confirmed = await submit(h, 'Rechtzeitig bestätigt', NOW);
		expect((await confirmIdea(h.db, confirmed.token, new Date(NOW.getTime() + DAY))).kind).toBe('confirmed');
		const fresh = await submit(h, 'Gerade eingereicht', new Date(NOW.getTime() + 6 * DAY));

		// Before the link expires nothing goes.
		expect((await purgeUnconfirmed(h.db, new Date(NOW.getTime() + 6 * DAY))).deleted).toBe(0);
		// Eight days later the first link has expired; two runs at once delete it once.
		const later = new Date(NOW.getTime() + 8 * DAY);
		const runs = await Promise.all([purgeUnconfirmed(h.db, later), purgeUnconfirmed(h.db, later)]);
		expect(runs.map((r) => r.deleted).sort()).toEqual([0, 1]);

		const left = await h.db.select({ id: proposal.id, status: proposal.status }).from(proposal).where(inArray(proposal.id, [old.id, confirmed.id, fresh.id]));
		expect(left.map((p) => p.id).sort()).toEqual([confirmed.id, fresh.id].sort());
		expect(await h.db.select().from(costItem).where(eq(costItem.proposalId, old.id))).toHaveLength(0);
		expect(await h.db.select().from(emailToken).where(eq(emailToken.proposalId, old.id))).toHaveLength(0);
		const audit = await h.db.select().from(event).where(eq(event.subjectId, old.id));
		expect(audit.filter((e) => e.type === 'proposal.expired').map((e) => e.payload)).toEqual([{ reason: 'unconfirmed' }]);
		expect(JSON.stringify(audit.filter((e) => e.type === 'proposal.expired'))).not.toContain('@example.org');
		// The expired link confirms nothing afterwards.
		expect((await confirmIdea(h.db, old.token, later)).kind).toBe('invalid');
	});
});
