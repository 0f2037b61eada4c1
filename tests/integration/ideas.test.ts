// Issue 4: a resident hands in an idea online; PGlite and (with TEST_DATABASE_URL) PostgreSQL.
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../src/lib/server/db/client.ts';
import { ideaGate, submitIdea } from '../../src/lib/server/app/ideas.ts';
import { costItem, event, proposal, proposalStatus } from '../../src/lib/server/db/schema/index.ts';
import { ensureUserWithPassword } from '../../src/lib/server/db/repositories/seed.ts';
import type { Actor } from '../../src/lib/core/access/policy.ts';
import { BACKENDS, openSeededTestDb } from '../setup/test-db.ts';

const NOW = new Date('2026-11-23T10:00:00Z');
const OPEN = 'buergerhaushalt-2027-treptow-koepenick';

function form(fields: Record<string, string>): FormData {
	const f = new FormData();
	for (const [k, v] of Object.entries(fields)) f.set(k, v);
	return f;
}
const idea = (title: string, extra: Record<string, string> = {}) =>
	form({
		title,
		description: 'Drei Hochbeete aus Lärchenholz, offen für alle Nachbar:innen im Kiez.',
		'items.0.category': 'material',
		'items.0.description': 'Holz und Erde',
		'items.0.amount': '1.200',
		'items.1.category': 'fees',
		'items.1.description': 'Workshop',
		'items.1.amount': '300,50',
		...extra
	});

describe.each(BACKENDS)('ideas on %s', (backend) => {
	let h: DbHandle;
	let resident: Actor;
	beforeAll(async () => {
		h = await openSeededTestDb(backend, NOW);
		const id = randomUUID();
		await ensureUserWithPassword(h.db, { id, email: `r-${id}@example.org`, pseudonym: `R ${id.slice(0, 8)}`, passwordHash: 'x', grants: [] }, NOW);
		resident = { userId: id, emailVerified: true, grants: [] };
	});
	afterAll(async () => {
		await h.close();
	});

	it('the demo has a round open for ideas; a Kiezkasse in implementation is not', async () => {
		expect((await ideaGate(h.db, OPEN, NOW)).kind).toBe('open');
		expect((await ideaGate(h.db, 'kiezkasse-2026-adlershof', NOW)).kind).toBe('closed');
		expect((await ideaGate(h.db, 'no-such-round', NOW)).kind).toBe('not_found');
	});

	it('stores the idea with cost items, first status and the audit event', async () => {
		const r = await submitIdea(h.db, resident, OPEN, idea('Hochbeete am Kiezklub'), NOW);
		expect(r).toMatchObject({ kind: 'ok', created: true });
		if (r.kind !== 'ok') return;
		const [p] = await h.db.select().from(proposal).where(eq(proposal.id, r.id));
		expect(p).toMatchObject({ status: 'submitted', channel: 'online', requestedCents: 150_050, applicantUserId: resident.userId });
		const items = await h.db.select().from(costItem).where(eq(costItem.proposalId, r.id));
		expect(items.map((i) => i.amountCents).sort()).toEqual([120_000, 30_050]);
		expect(await h.db.select().from(proposalStatus).where(eq(proposalStatus.proposalId, r.id))).toHaveLength(1);
		const events = await h.db.select().from(event).where(eq(event.subjectId, r.id));
		expect(events.map((e) => e.type)).toEqual(['proposal.submitted']);
	});

	it('files a double-clicked submission once, also when both arrive at the same time', async () => {
		const [a, b] = await Promise.all([
			submitIdea(h.db, resident, OPEN, idea('Bank am Dorfanger'), NOW),
			submitIdea(h.db, resident, OPEN, idea('Bank am Dorfanger'), NOW)
		]);
		expect(a.kind === 'ok' && b.kind === 'ok' && a.id === b.id).toBe(true);
		expect([a, b].filter((x) => x.kind === 'ok' && x.created)).toHaveLength(1);
		expect(await h.db.select().from(proposal).where(eq(proposal.title, 'Bank am Dorfanger'))).toHaveLength(1);
	});

	it('refuses an excluded category with the programme’s reason, at the row, keeping the values', async () => {
		const r = await submitIdea(h.db, resident, OPEN, idea('Kiezfest mit Buffet', { 'items.1.category': 'catering' }), NOW);
		expect(r.kind).toBe('invalid');
		if (r.kind !== 'invalid') return;
		expect(r.errors).toEqual({ 'items.1.category': 'error_idea_item_excluded' });
		expect(r.excluded['items.1.category']).toContain('Verpflegung');
		expect(r.values.title).toBe('Kiezfest mit Buffet');
		expect(await h.db.select().from(proposal).where(eq(proposal.title, 'Kiezfest mit Buffet'))).toHaveLength(0);
	});

	it('refuses more than the cap per project', async () => {
		const r = await submitIdea(h.db, resident, OPEN, idea('Neuer Sportplatz', { 'items.0.amount': '25.000' }), NOW);
		expect(r.kind === 'invalid' && r.errors).toEqual({ 'items.0.amount': 'error_idea_over_cap' });
	});

	it('asks someone without an account for name and address; refuses the unverified and a closed round', async () => {
		const anon = await submitIdea(h.db, null, OPEN, idea('Anonym'), NOW);
		expect(anon.kind === 'invalid' && anon.errors).toEqual({ contactName: 'ideaform_error_contact_name', contactEmail: 'ideaform_error_contact_email' });
		expect(await submitIdea(h.db, { ...resident, emailVerified: false }, OPEN, idea('Unbestätigt'), NOW)).toEqual({ kind: 'forbidden', reason: 'email_not_verified' });
		expect(await submitIdea(h.db, resident, 'kiezkasse-2026-adlershof', idea('Zu spät'), NOW)).toEqual({ kind: 'closed' });
	});
});
