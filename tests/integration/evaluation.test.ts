// Issue 7: anonymous answers from several channels, counted per round against the register; small cells
// stay hidden. PGlite and (with TEST_DATABASE_URL) PostgreSQL.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../src/lib/server/db/client.ts';
import { districtEvaluation, evaluationPage, submitResponse } from '../../src/lib/server/app/evaluation.ts';
import { createEvaluationRead } from '../../src/lib/server/db/read/evaluation-read.ts';
import { demographicResponse, round } from '../../src/lib/server/db/schema/index.ts';
import type { Actor } from '../../src/lib/core/access/policy.ts';
import { BACKENDS, openSeededTestDb } from '../setup/test-db.ts';

const NOW = new Date('2026-11-23T10:00:00Z');
const SLUG = 'kiezkasse-2026-adlershof';

function form(fields: Record<string, string>): FormData {
	const f = new FormData();
	for (const [k, v] of Object.entries(fields)) f.set(k, v);
	return f;
}

describe.each(BACKENDS)('evaluation on %s', (backend) => {
	let h: DbHandle;
	beforeAll(async () => {
		h = await openSeededTestDb(backend, NOW);
	});
	afterAll(async () => {
		await h.close();
	});

	it('stores answers without identity, from the website and typed in by staff', async () => {
		const port = createEvaluationRead(h.db);
		const r = await submitResponse(port, null, SLUG, form({ age: '65_plus', gender: 'female', migration: 'prefer_not_to_say', bogus: 'x' }), NOW, { staff: false });
		expect(r.kind).toBe('ok');
		const [rd] = await h.db.select({ id: round.id }).from(round).where(eq(round.slug, SLUG));
		const rows = await h.db.select().from(demographicResponse).where(eq(demographicResponse.roundId, rd!.id));
		expect(rows).toHaveLength(1);
		expect(Object.keys(rows[0]!).sort()).toEqual(['answers', 'channel', 'day', 'id', 'roundId']);
		expect(rows[0]!.answers).toEqual({ age: '65_plus', gender: 'female', migration: 'prefer_not_to_say' });
		expect(rows[0]!.channel).toBe('online');

		const staff: Actor = { userId: 'x', emailVerified: true, grants: [{ role: 'case_worker', scope: { kind: 'district', id: '09' } }] };
		const resident: Actor = { userId: 'y', emailVerified: true, grants: [] };
		expect((await submitResponse(port, resident, SLUG, form({ channel: 'paper', age: '27_44' }), NOW, { staff: true })).kind).toBe('forbidden');
		const bad = await submitResponse(port, staff, SLUG, form({ channel: 'online', age: '27_44' }), NOW, { staff: true });
		expect(bad.kind).toBe('invalid_form');
		expect((await submitResponse(port, staff, SLUG, form({ channel: 'paper', age: '27_44' }), NOW, { staff: true })).kind).toBe('ok');
		const empty = await submitResponse(port, null, SLUG, form({ age: '' }), NOW, { staff: false });
		expect(empty.kind).toBe('invalid_form');
		expect((await submitResponse(port, null, 'no-such-round', form({ age: '27_44' }), NOW, { staff: false })).kind).toBe('not_found');
	});

	it('compares with the register of the region and hides small cells', async () => {
		const port = createEvaluationRead(h.db);
		// 2 answers so far: below k = 5, nothing but population shares is shown.
		let v = await evaluationPage(port, SLUG);
		if (v.kind !== 'ok') throw new Error(v.kind);
		const age0 = v.value.representation.find((t) => t.dimension === 'age')!;
		expect(age0.answered).toBeNull();
		expect(age0.rows.every((r) => r.participants === null)).toBe(true);
		expect(v.value.populationAsOf).toBe('2024-12-31');
		// Population shares come from Adlershof's register counts (all age bands of the table sum to 1).
		expect(age0.rows.reduce((s, r) => s + r.populationShare, 0)).toBeCloseTo(1, 12);

		const staff: Actor = { userId: 'x', emailVerified: true, grants: [{ role: 'district_admin', scope: { kind: 'district', id: '09' } }] };
		for (let i = 0; i < 30; i++) await submitResponse(port, staff, SLUG, form({ channel: 'assembly', age: i < 20 ? '27_44' : i < 27 ? '45_54' : '65_plus', gender: i % 2 ? 'male' : 'female' }), NOW, { staff: true });
		v = await evaluationPage(port, SLUG);
		if (v.kind !== 'ok') throw new Error(v.kind);
		const age = v.value.representation.find((t) => t.dimension === 'age')!;
		expect(age.answered).toBe(32); // 1 online + 1 paper + 30 assembly
		const young = age.rows.find((r) => r.group === '27_44')!;
		expect(young.participants).toBe(21);
		expect(young.flag).toBe('over');
		// 65+: 4 answers (< k) — hidden, and one more cell is hidden with it (complementary suppression).
		expect(age.rows.find((r) => r.group === '65_plus')!.participants).toBeNull();
		expect(age.rows.find((r) => r.group === '45_54')!.participants).toBeNull();
		for (const t of v.value.representation) for (const r of t.rows) if (r.participants !== null && r.participants > 0) expect(r.participants).toBeGreaterThanOrEqual(5);
		const channels = Object.fromEntries(v.value.participation.map((p) => [p.channel, p.responses]));
		expect(channels.assembly).toBe(30);
		expect(channels.online).toBeNull(); // 1 answer
		expect(v.value.ideas.count).toBeGreaterThan(0);
	});

	it('compares the rounds of the district', async () => {
		const port = createEvaluationRead(h.db);
		const r = await districtEvaluation(port, 'treptow-koepenick');
		if (r.kind !== 'ok') throw new Error(r.kind);
		expect(r.value.rows.length).toBeGreaterThanOrEqual(20);
		const adlershof = r.value.rows.find((x) => x.slug === SLUG)!;
		expect(adlershof.responses).toBe(32);
		expect(adlershof.dissimilarity.age).toBeGreaterThan(0);
	});

	it('district-wide rounds compare with the whole district', async () => {
		const port = createEvaluationRead(h.db);
		const pop = await port.population('09', null);
		expect(pop.counts.inhabitants).toBeGreaterThan(290_000);
	});
});
