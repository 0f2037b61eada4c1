import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DatabaseLockedError, openDb, type DbHandle } from '../../src/lib/server/db/client.ts';
import { seedDemo, seedAdmin } from '../../src/lib/server/app/seed.ts';
import { createPublicRead } from '../../src/lib/server/db/read/public-read.ts';
import { claimOutbox, enqueueOutbox, finishOutbox, pendingOutboxCount } from '../../src/lib/server/db/repositories/outbox.ts';
import { loadGrants, pseudonymTaken } from '../../src/lib/server/db/repositories/users.ts';
import { districtPage, roundPage, proposalPage } from '../../src/lib/server/app/public-read.ts';
import { BACKENDS, openTestDb } from '../setup/test-db.ts';

const NOW = new Date('2026-11-23T10:00:00Z');

describe.each(BACKENDS)('on %s', (backend) => {
	let h: DbHandle;
	beforeAll(async () => {
		h = await openTestDb(backend);
		await seedDemo(h.db, { now: NOW });
	});
	afterAll(async () => {
		await h.close();
	});

	it('seeds the 20 Kiezkassen of Treptow-Köpenick with budgets that add up to 100,000 €', async () => {
		const page = await districtPage(createPublicRead(h.db), 'treptow-koepenick', NOW);
		expect(page.kind).toBe('ok');
		if (page.kind !== 'ok') return;
		expect(page.value.rows).toHaveLength(20);
		expect(page.value.totalCents).toBe(10_000_000);
		expect(page.value.year).toBe(2026);
		expect(page.value.populationDate).toBe('2024-12-31');
		const altglienicke = page.value.rows.find((r) => r.regionName === 'Altglienicke');
		expect(altglienicke).toMatchObject({ residents: 31244, budgetCents: 1_030_000, lorId: '093009' });
		expect(page.value.totalProposals).toBe(22);
	});

	it('is idempotent: a second seed adds nothing', async () => {
		const again = await seedDemo(h.db, { now: NOW });
		expect(again).toMatchObject({ rounds: 0, proposals: 0, users: 0 });
		const rows = await h.db.execute(sql`SELECT count(*)::int AS n FROM round`);
		const list = (Array.isArray(rows) ? rows : (rows as { rows: { n: number }[] }).rows) as { n: number }[];
		expect(list[0]?.n).toBe(24); // 20 Kiezkassen, the Bürgerhaushalt round collecting ideas, this year's Bürgerhaushalt voting with accounts, the Stadtteilbudget voting now, the closed Stadtteilbudget vote with age bands (evaluation)
	});

	it('shows a round with its phases and proposals, and a proposal with its history', async () => {
		const port = createPublicRead(h.db);
		const round = await roundPage(port, 'kiezkasse-2026-adlershof', NOW);
		expect(round.kind).toBe('ok');
		if (round.kind !== 'ok') return;
		expect(round.value.round.budgetCents).toBe(740_000);
		expect(round.value.round.phases.map((p) => p.key)).toEqual(['announcement', 'ideas', 'review', 'assembly', 'implementation', 'settlement']);
		expect(round.value.round.phases.find((p) => p.key === 'implementation')?.state).toBe('running');
		expect(round.value.proposals.length).toBe(14);
		const first = round.value.proposals.find((p) => p.title === 'Waldkinderfest')!;
		const detail = await proposalPage(port, first.id);
		expect(detail.kind).toBe('ok');
		if (detail.kind !== 'ok') return;
		expect(detail.value.proposal).toMatchObject({ requestedCents: 18_000, status: 'approved', channel: 'paper' });
		expect(detail.value.proposal.history.map((x) => x.status)).toEqual(['submitted', 'eligible', 'approved']);
		expect(await proposalPage(port, 'not-a-uuid')).toEqual({ kind: 'not_found' });
		expect(await proposalPage(port, '00000000-0000-0000-0000-000000000000')).toEqual({ kind: 'not_found' });
	});

	it('gives the demo Kiezpat:in a grant for Alt-Treptow only', async () => {
		const rows = await h.db.execute(sql`SELECT id FROM "user" WHERE email = 'kiezpatin@kiezbudget.localhost'`);
		const list = (Array.isArray(rows) ? rows : (rows as { rows: { id: string }[] }).rows) as { id: string }[];
		const grants = await loadGrants(h.db, list[0]!.id);
		expect(grants).toEqual([{ role: 'moderator', scope: { kind: 'region', id: '091001', districtId: '09' } }]);
		expect(await pseudonymTaken(h.db, 'kiezpatin alt-treptow')).toBe(true);
		expect(await pseudonymTaken(h.db, 'niemand')).toBe(false);
	});

	it('creates the first admin only once', async () => {
		const first = await seedAdmin(h.db, 'first-admin@example.org', NOW);
		expect(first.created).toBe(true);
		expect(first.password).toMatch(/^[A-Za-z0-9_-]{24}$/);
		expect(await seedAdmin(h.db, 'first-admin@example.org', NOW)).toEqual({ created: false, password: null });
	});

	it('hands each outbox item to exactly one of several concurrent workers', async () => {
		for (let i = 0; i < 30; i++) await enqueueOutbox(h.db, { kind: 'mail', payload: { to: `p${i}@example.org`, subject: 's', text: 't' } }, NOW);
		const claims = await Promise.all([1, 2, 3].map(() => claimOutbox(h.db, 20, NOW)));
		const ids = claims.flat().map((c) => c.id);
		expect(new Set(ids).size).toBe(ids.length);
		expect(ids.length).toBe(30);
		// Claimed items are not handed out again while locked.
		expect(await claimOutbox(h.db, 50, NOW)).toEqual([]);
		for (const id of ids) await finishOutbox(h.db, id, NOW);
		expect(await pendingOutboxCount(h.db)).toBe(0);
	});
});

describe('embedded database directory', () => {
	it('refuses a second open while one is live, with a clear message', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'kiezbudget-lock-'));
		const first = await openDb(dir);
		try {
			await expect(openDb(dir)).rejects.toThrow(DatabaseLockedError);
			await expect(openDb(dir)).rejects.toThrow(/in use by another running process/);
		} finally {
			await first.close();
		}
		// After closing, it opens again (and survives a restart with the data).
		const second = await openDb(dir);
		await second.close();
	}, 120_000);
});
