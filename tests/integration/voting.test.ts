// Issue 5: online voting with printed codes — secrecy, one person one vote under concurrency, receipts,
// no interim results, publication and recount (research/public-sector.md E-02…E-07). PGlite and PostgreSQL.
import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../src/lib/server/db/client.ts';
import { seedDemo } from '../../src/lib/server/app/seed.ts';
import { createVoting } from '../../src/lib/server/app/voting.ts';
import { voteSecrets } from '../../src/lib/server/app/voting-secrets.ts';
import { ballot, voteCode, voteRegister, voteRound } from '../../src/lib/server/db/schema/index.ts';
import { ensureUserWithPassword } from '../../src/lib/server/db/repositories/seed.ts';
import type { Actor } from '../../src/lib/core/access/policy.ts';
import { parsePabulib } from '../../src/lib/core/tally/pabulib.ts';
import { tally } from '../../src/lib/core/tally/tally.ts';
import type { TallyResult } from '../../src/lib/core/tally/result.ts';
import { BACKENDS, openTestDb } from '../setup/test-db.ts';

const NOW = new Date('2026-11-23T10:00:00Z');
const ROUND = 'stadtteilbudget-2026-altstadt-kietz';
const secrets = voteSecrets('test-secret-test-secret-test-secret-42');

const form = (fields: Record<string, string>) => {
	const f = new FormData();
	for (const [k, v] of Object.entries(fields)) f.set(k, v);
	return f;
};
const rows = <T>(r: unknown): T[] => (Array.isArray(r) ? r : (r as { rows: T[] }).rows) as T[];

describe.each(BACKENDS)('online voting on %s', (backend) => {
	let h: DbHandle;
	let v: ReturnType<typeof createVoting>;
	let staff: Actor;
	let moderator: Actor;
	let codes: string[] = [];
	let projects: { id: string; title: string; costCents: number }[] = [];
	const byTitle = (t: string) => projects.find((p) => p.title === t)!.id;

	beforeAll(async () => {
		h = await openTestDb(backend);
		await seedDemo(h.db, { now: NOW });
		v = createVoting(h.db, secrets, () => NOW);
		const mk = async (role: 'case_worker' | 'moderator') => {
			const id = randomUUID();
			const scope = role === 'moderator' ? { scopeKind: 'region', scopeId: '094015' } : { scopeKind: 'district', scopeId: '09' };
			await ensureUserWithPassword(h.db, { id, email: `${role}-${id}@example.org`, pseudonym: `${role} ${id.slice(0, 6)}`, passwordHash: 'x', grants: [{ role, ...scope }] }, NOW);
			return { userId: id, emailVerified: true, grants: [role === 'moderator' ? { role, scope: { kind: 'region' as const, id: '094015', districtId: '09' } } : { role, scope: { kind: 'district' as const, id: '09' } }] };
		};
		staff = await mk('case_worker');
		moderator = await mk('moderator');
	});
	afterAll(async () => {
		await h.close();
	});

	it('opens the vote with the programme rules and the eligible ideas, fixed with a hash', async () => {
		const s = await v.state(ROUND);
		expect(s.kind).toBe('open');
		if (s.kind !== 'open') return;
		expect(s.config.ballot).toEqual({ kind: 'knapsack', budgetCents: 1_000_000 });
		expect(s.config.identity).toBe('code');
		expect(s.config.projects).toHaveLength(6);
		expect(s.configHash).toMatch(/^[0-9a-f]{64}$/);
		projects = s.config.projects;
		const again = await v.state(ROUND);
		expect(again.kind === 'open' && again.configHash).toBe(s.configHash);
		expect((await v.state('buergerhaushalt-2027-treptow-koepenick')).kind).toBe('not_voting');
	});

	it('refuses code batches to residents and Kiezpat:innen, makes them for the district office', async () => {
		expect((await v.createBatch(null, ROUND, form({ label: 'x', size: '2' }))).kind).toBe('forbidden');
		expect((await v.createBatch(moderator, ROUND, form({ label: 'x', size: '2' }))).kind).toBe('forbidden');
		expect((await v.createBatch({ userId: 'r', emailVerified: true, grants: [] }, ROUND, form({ label: 'x', size: '2' }))).kind).toBe('forbidden');
		expect(await v.createBatch(staff, ROUND, form({ label: '', size: '0' }))).toMatchObject({ kind: 'invalid', errors: { label: expect.any(String), size: expect.any(String) } });
		const b = await v.createBatch(staff, ROUND, form({ label: 'Bürgeramt Köpenick', size: '12' }));
		expect(b.kind).toBe('ok');
		if (b.kind !== 'ok') return;
		codes = b.codes;
		expect(new Set(codes).size).toBe(12);
		// Only hashes are stored: no column holds a code (E-03).
		const stored = await h.db.select().from(voteCode);
		expect(stored).toHaveLength(12);
		const dump = JSON.stringify(stored);
		for (const c of codes) {
			expect(dump).not.toContain(c);
			expect(dump).not.toContain(c.replaceAll('-', ''));
		}
		for (const s of stored) expect(s.hash).toMatch(/^\$argon2id\$/);
	});

	it('accepts a code in any spelling, explains typos, refuses wrong codes neutrally', async () => {
		const ok = await v.enterCode(ROUND, codes[0]!.toLowerCase().replaceAll('-', ' '), 'client-a');
		expect(ok).toMatchObject({ kind: 'ok', changing: false });
		const typo = codes[0]!.slice(0, -1) + (codes[0]!.endsWith('2') ? '3' : '2');
		expect(await v.enterCode(ROUND, typo, 'client-a')).toEqual({ kind: 'invalid', reason: 'check' });
		expect(await v.enterCode(ROUND, 'ABC', 'client-a')).toEqual({ kind: 'invalid', reason: 'length' });
	});

	it('rate-limits failed code entries per client', async () => {
		const other = await v.createBatch(staff, ROUND, form({ label: 'Zum Raten', size: '1' }));
		if (other.kind !== 'ok') throw new Error('no batch');
		// A valid-looking code from another batch that we switch off is "unknown" from then on.
		const list = await v.admin(staff, ROUND);
		if (list.kind !== 'ok') throw new Error('no admin');
		expect((await v.deactivateBatch(staff, ROUND, other.batchId)).kind).toBe('ok');
		expect((await v.deactivateBatch(moderator, ROUND, other.batchId)).kind).toBe('forbidden');
		for (let i = 0; i < 10; i++) expect(await v.enterCode(ROUND, other.codes[0]!, 'client-guess')).toEqual({ kind: 'unknown' });
		expect(await v.enterCode(ROUND, other.codes[0]!, 'client-guess')).toEqual({ kind: 'rate_limited' });
		expect(await v.enterCode(ROUND, codes[1]!, 'client-guess')).toEqual({ kind: 'rate_limited' });
		expect((await v.enterCode(ROUND, codes[1]!, 'client-b')).kind).toBe('ok');
	});

	it('checks the ballot on the server: over budget and unknown fields are refused', async () => {
		const t = await v.enterCode(ROUND, codes[1]!, 'client-b');
		if (t.kind !== 'ok') throw new Error('no ticket');
		const over = await v.cast(ROUND, { ticket: t.ticket }, form({ [`p.${byTitle('Trinkbrunnen am Schlossplatz')}`]: 'on', [`p.${byTitle('Lastenrad zum Ausleihen')}`]: 'on', [`p.${byTitle('Kiezfest mit Flohmarkt')}`]: 'on' }));
		expect(over).toMatchObject({ kind: 'invalid', problems: [{ kind: 'over_budget', spentCents: 1_280_000, budgetCents: 1_000_000 }] });
		expect(await v.cast(ROUND, { ticket: t.ticket.slice(0, -2) + 'xx' }, form({}))).toEqual({ kind: 'expired' });
		expect(await v.cast(ROUND, { actor: staff }, form({}))).toEqual({ kind: 'not_open' });
	});

	it('200 concurrent submissions with one code: exactly one ballot counts', async () => {
		const t = await v.enterCode(ROUND, codes[2]!, 'client-c');
		if (t.kind !== 'ok') throw new Error('no ticket');
		const before = (await h.db.select().from(ballot)).length;
		const f = () => form({ [`p.${byTitle('Sitzbänke an der Dahme')}`]: 'on', [`p.${byTitle('Bücherzelle am Bahnhof')}`]: 'on' });
		const results = await Promise.all(Array.from({ length: 200 }, () => v.cast(ROUND, { ticket: t.ticket }, f())));
		expect(results.filter((r) => r.kind === 'ok')).toHaveLength(1);
		expect(results.filter((r) => r.kind === 'already_voted')).toHaveLength(199);
		expect((await h.db.select().from(ballot)).length).toBe(before + 1);
		expect(await v.enterCode(ROUND, codes[2]!, 'client-c')).toEqual({ kind: 'already_voted' });
		const receipt = results.find((r) => r.kind === 'ok');
		if (receipt?.kind !== 'ok') return;
		expect(await v.checkReceipt(ROUND, receipt.receipt.toLowerCase())).toEqual({ kind: 'found' });
		expect(await v.checkReceipt(ROUND, 'AAAA-BBBB-CCCC')).toEqual({ kind: 'missing' });
		expect(await v.checkReceipt(ROUND, 'nonsense')).toEqual({ kind: 'invalid' });
	});

	it('keeps ballots secret: no link to a person, code, session, address or time (E-05)', async () => {
		const cols = rows<{ column_name: string; data_type: string }>(
			await h.db.execute(sql`SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'ballot' ORDER BY column_name`)
		);
		expect(cols.map((c) => c.column_name)).toEqual(['cast_on', 'choices', 'id', 'receipt_hash', 'round_id']);
		expect(cols.find((c) => c.column_name === 'cast_on')?.data_type).toBe('date');
		const fks = rows<{ ref: string }>(
			await h.db.execute(sql`SELECT ccu.table_name AS ref FROM information_schema.table_constraints tc JOIN information_schema.constraint_column_usage ccu ON ccu.constraint_name = tc.constraint_name WHERE tc.table_name = 'ballot' AND tc.constraint_type = 'FOREIGN KEY'`)
		);
		expect(fks.map((f) => f.ref)).toEqual(['round']);
	});

	it('shows no result before the close, to anyone (E-05)', async () => {
		expect(await v.result(ROUND)).toBeNull();
		expect(await v.files(ROUND)).toBeNull();
		const a = await v.admin(staff, ROUND);
		expect(a).toMatchObject({ kind: 'ok', turnout: 1, closed: false });
		expect(JSON.stringify(a)).not.toContain('Sitzbänke');
	});

	it('closes, publishes a result that a recount of the published file reproduces', async () => {
		// A few more voters first.
		for (const [i, picks] of [['Trinkbrunnen am Schlossplatz', 'Sitzbänke an der Dahme'], ['Trinkbrunnen am Schlossplatz'], ['Insektenwiese im Kiezpark', 'Lastenrad zum Ausleihen']].entries()) {
			const t = await v.enterCode(ROUND, codes[3 + i]!, 'client-d');
			if (t.kind !== 'ok') throw new Error('no ticket');
			expect((await v.cast(ROUND, { ticket: t.ticket }, form(Object.fromEntries(picks.map((p) => [`p.${byTitle(p)}`, 'on']))))).kind).toBe('ok');
		}
		expect((await v.close(moderator, ROUND)).kind).toBe('forbidden');
		expect((await v.close(staff, ROUND)).kind).toBe('ok');
		expect(await v.close(staff, ROUND)).toEqual({ kind: 'conflict', reason: 'already_closed' });
		const t = await v.enterCode(ROUND, codes[8]!, 'client-e');
		expect(t.kind).toBe('not_open');
		const pub = await v.result(ROUND);
		expect(pub).not.toBeNull();
		const files = await v.files(ROUND);
		if (!pub || !files) return;
		expect(pub.result.voters).toBe(4);
		const published = JSON.parse(files.json) as TallyResult;
		const recount = tally(parsePabulib(files.pb), published.rule);
		expect(recount.winners).toEqual(published.winners);
		expect(recount.inputHash).toBe(published.inputHash);
		expect(published.winners.reduce((sum, id) => sum + projects.find((p) => p.id === id)!.costCents, 0)).toBeLessThanOrEqual(1_000_000);
		expect(published.winners.length).toBeGreaterThan(0);
		expect(pub.explanation.projects.filter((p) => p.funded).map((p) => p.id).sort()).toEqual([...published.winners].sort());
		// The file holds no receipts or codes; the register can no longer be joined to ballots.
		expect(files.pb).not.toMatch(/[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}-/);
		const reg = await h.db.select().from(voteRegister);
		expect(reg.every((r) => r.receiptCheck === null)).toBe(true);
		const [vr] = await h.db.select().from(voteRound).where(eq(voteRound.configHash, pub.configHash));
		expect(vr?.closedAt).not.toBeNull();
	});
});
