// Issue 7: the voluntary age band on the ballot and the re-weighted result (an analysis beside the official
// one). Opt-in locked at the opening, the band stored with the ballot only when asked, the demo vote's
// re-weighted result, small cells hidden on the page and in the data files. PGlite and PostgreSQL.
import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../src/lib/server/db/client.ts';
import { seedDemo } from '../../src/lib/server/app/seed.ts';
import { createVoting } from '../../src/lib/server/app/voting.ts';
import { voteSecrets } from '../../src/lib/server/app/voting-secrets.ts';
import { ballotAgeBands, ballotAgeSetting, evaluationPage, setBallotAgeSetting } from '../../src/lib/server/app/evaluation.ts';
import { createEvaluationRead } from '../../src/lib/server/db/read/evaluation-read.ts';
import { evaluationCsv } from '../../src/lib/server/documents/evaluation-csv.ts';
import { evaluationXlsx } from '../../src/lib/server/documents/evaluation-xlsx.ts';
import { ballot, round } from '../../src/lib/server/db/schema/index.ts';
import { ensureUserWithPassword } from '../../src/lib/server/db/repositories/seed.ts';
import type { Actor } from '../../src/lib/core/access/policy.ts';
import { BACKENDS, openSeededTestDb } from '../setup/test-db.ts';

const NOW = new Date('2026-11-23T10:00:00Z');
const DEMO = 'stadtteilbudget-2026-baumschulenweg';
const OPEN = 'stadtteilbudget-2026-altstadt-kietz';
const secrets = voteSecrets('test-secret-test-secret-test-secret-42');
const form = (fields: Record<string, string>) => {
	const f = new FormData();
	for (const [k, v] of Object.entries(fields)) f.set(k, v);
	return f;
};

describe.each(BACKENDS)('age band on the ballot on %s', (backend) => {
	let h: DbHandle;
	let staff: Actor;
	const kiezpatin: Actor = { userId: 'k', emailVerified: true, grants: [{ role: 'moderator', scope: { kind: 'region', id: '094015', districtId: '09' } }] };
	beforeAll(async () => {
		h = await openSeededTestDb(backend, NOW);
		h.pool?.on('error', () => {});
		const id = randomUUID();
		await ensureUserWithPassword(h.db, { id, email: `cw-${id}@example.org`, pseudonym: `cw ${id.slice(0, 6)}`, passwordHash: 'x', grants: [{ role: 'case_worker', scopeKind: 'district', scopeId: '09' }] }, NOW);
		staff = { userId: id, emailVerified: true, grants: [{ role: 'case_worker', scope: { kind: 'district', id: '09' } }] };
	});
	afterAll(async () => {
		await h.close();
	});

	it('shows the demo vote re-weighted beside the official result, naming the projects that would change', async () => {
		const port = createEvaluationRead(h.db);
		const v = await evaluationPage(port, DEMO);
		if (v.kind !== 'ok') throw new Error(v.kind);
		const rw = v.value.reweighted;
		if (rw.state !== 'ready') throw new Error(rw.state);
		expect(rw.recountMatches).toBe(true);
		expect(rw.weights.ballots).toBe(141);
		const projects = rw.projects;
		const title = (ok: (p: (typeof projects)[number]) => boolean) => projects.filter(ok).map((p) => p.title).sort();
		expect(title((p) => p.reweighted && !p.official)).toEqual(['Bänke mit Armlehnen am Ufer']);
		expect(title((p) => p.official && !p.reweighted)).toEqual(['Hochbeete im Nachbarschaftsgarten', 'Kiezfest im Sommer']);
		expect(rw.changes).toBe(3);
		// 3 ballots under 18: hidden and not weighted; 65+ (9 of 141 against a quarter of the residents) weighs most.
		const row = (b: string) => rw.weights.rows.find((r) => r.band === b)!;
		expect(row('under_18')).toMatchObject({ ballots: null, weight: null, rule: 'small_cell' });
		expect(row('65_plus')).toMatchObject({ ballots: 9, rule: 'weighted' });
		expect(row('65_plus').weight!).toBeGreaterThan(3);
		expect(row('prefer_not_to_say')).toMatchObject({ ballots: 17, weight: 1, rule: 'no_answer' });
		// the data files carry the same analysis, the hidden cell empty
		const csv = evaluationCsv(v.value);
		expect(csv).toContain('reweighted_project;project;');
		expect(csv).toMatch(/reweighted_weight;age;under_18;;;;;[0-9.]+;small_cell;hidden \(fewer than 5\);/);
		expect(csv).toMatch(/official:not_funded,reweighted:funded;Bänke mit Armlehnen am Ufer/);
		const { default: ExcelJS } = await import('exceljs');
		const wb = new ExcelJS.Workbook();
		await wb.xlsx.load((await evaluationXlsx(v.value, [])).buffer as ArrayBuffer);
		const kinds = new Set<string>();
		wb.getWorksheet('data')!.eachRow((r) => kinds.add(String(r.getCell(1).value)));
		expect([...kinds]).toEqual(expect.arrayContaining(['reweighted_summary', 'reweighted_weight', 'reweighted_project']));
		// the seed is idempotent: a second run adds no ballots
		await seedDemo(h.db, { now: NOW });
		const [rd] = await h.db.select({ id: round.id }).from(round).where(eq(round.slug, DEMO));
		const n = await h.db.select({ n: sql<number>`count(*)::int` }).from(ballot).where(eq(ballot.roundId, rd!.id));
		expect(Number(n[0]!.n)).toBe(141);
	});

	it('rounds that did not ask show no re-weighted result', async () => {
		const v = await evaluationPage(createEvaluationRead(h.db), 'kiezkasse-2026-adlershof');
		expect(v.kind === 'ok' && v.value.reweighted).toEqual({ state: 'not_asked' });
	});

	it('staff opt in before the opening; the opening locks it; the band is stored only with a known answer', async () => {
		const port = createEvaluationRead(h.db);
		expect((await setBallotAgeSetting(port, kiezpatin, OPEN, true, NOW)).kind).toBe('forbidden');
		expect((await setBallotAgeSetting(port, null, OPEN, true, NOW)).kind).toBe('forbidden');
		expect((await ballotAgeSetting(port, kiezpatin, OPEN)).kind).toBe('forbidden');
		expect(await setBallotAgeSetting(port, staff, OPEN, true, NOW)).toEqual({ kind: 'ok', value: { asked: true } });
		expect(await setBallotAgeSetting(port, staff, OPEN, false, NOW)).toEqual({ kind: 'ok', value: { asked: false } });
		expect(await setBallotAgeSetting(port, staff, OPEN, true, NOW)).toEqual({ kind: 'ok', value: { asked: true } });
		expect(await ballotAgeSetting(port, staff, OPEN)).toMatchObject({ kind: 'ok', value: { asked: true, locked: false } });

		const v = createVoting(h.db, secrets, () => NOW);
		const s = await v.state(OPEN);
		if (s.kind !== 'open') throw new Error(s.kind);
		expect(await ballotAgeBands(port, s.roundId)).toEqual(['under_18', '18_26', '27_44', '45_54', '55_64', '65_plus']);
		expect(await setBallotAgeSetting(port, staff, OPEN, false, NOW)).toEqual({ kind: 'locked' });
		expect(await ballotAgeSetting(port, staff, OPEN)).toMatchObject({ kind: 'ok', value: { asked: true, locked: true } });
		// before the close: nothing about the bands is shown
		const waiting = await evaluationPage(port, OPEN);
		expect(waiting.kind === 'ok' && waiting.value.reweighted).toEqual({ state: 'waiting' });

		const batch = await v.createBatch(staff, OPEN, form({ label: 'Test', size: '3' }));
		if (batch.kind !== 'ok') throw new Error(batch.kind);
		const cheap = [...s.config.projects].sort((a, b) => a.costCents - b.costCents)[0]!;
		const castWith = async (code: string, extra: Record<string, string>) => {
			const t = await v.enterCode(OPEN, code, 'client-age');
			if (t.kind !== 'ok') throw new Error(t.kind);
			return v.cast(OPEN, { ticket: t.ticket }, form({ [`p.${cheap.id}`]: 'on', ...extra }));
		};
		// a ballot that comes back keeps the chosen band
		const t0 = await v.enterCode(OPEN, batch.codes[0]!, 'client-age');
		if (t0.kind !== 'ok') throw new Error(t0.kind);
		const back = await v.cast(OPEN, { ticket: t0.ticket }, form({ ...Object.fromEntries(s.config.projects.map((p) => [`p.${p.id}`, 'on'])), ageBand: '65_plus' }));
		expect(back).toMatchObject({ kind: 'invalid', values: { ageBand: '65_plus' } });
		expect((await castWith(batch.codes[0]!, { ageBand: '65_plus' })).kind).toBe('ok');
		expect((await castWith(batch.codes[1]!, { ageBand: 'bogus' })).kind).toBe('ok');
		expect((await castWith(batch.codes[2]!, {})).kind).toBe('ok');
		const stored = await h.db.select({ ageBand: ballot.ageBand }).from(ballot).where(eq(ballot.roundId, s.roundId));
		expect(stored.map((b) => b.ageBand).sort()).toEqual(['65_plus', null, null]);

		expect((await v.close(staff, OPEN)).kind).toBe('ok');
		const after = await evaluationPage(port, OPEN);
		if (after.kind !== 'ok' || after.value.reweighted.state !== 'ready') throw new Error('not ready');
		const rw = after.value.reweighted;
		// 3 ballots: every band is a small cell, so nothing is weighted and nothing changes; the 1 is hidden
		expect(rw.changes).toBe(0);
		expect(rw.recountMatches).toBe(true);
		expect(rw.weights.rows.find((r) => r.band === '65_plus')).toMatchObject({ ballots: null, weight: null });
		expect(rw.weights.rows.find((r) => r.band === 'prefer_not_to_say')).toMatchObject({ ballots: null });
		// the published Pabulib file carries no age band
		const files = await v.files(OPEN);
		expect(files).not.toBeNull();
		expect(JSON.stringify(files)).not.toContain('65_plus');
	});
});
