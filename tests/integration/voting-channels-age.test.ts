// Issue 7 at the kiosk and on paper: where a round asks the voluntary age band, the kiosk ballot and the paper
// ballot carry it too (so the re-weighted analysis does not leave out those voters); the two paper entries must
// agree on it; where a round does not ask, nothing is stored whatever the form sends. PGlite and PostgreSQL.
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../src/lib/server/db/client.ts';
import { seedDemo } from '../../src/lib/server/app/seed.ts';
import { createVoting } from '../../src/lib/server/app/voting.ts';
import { voteSecrets } from '../../src/lib/server/app/voting-secrets.ts';
import { setBallotAgeSetting } from '../../src/lib/server/app/evaluation.ts';
import { createEvaluationRead } from '../../src/lib/server/db/read/evaluation-read.ts';
import { paperBallotsPdf } from '../../src/lib/server/documents/paper-ballots.ts';
import { ballot, paperBallot, round } from '../../src/lib/server/db/schema/index.ts';
import { ensureUserWithPassword } from '../../src/lib/server/db/repositories/seed.ts';
import type { Actor } from '../../src/lib/core/access/policy.ts';
import { BACKENDS, openTestDb } from '../setup/test-db.ts';

const NOW = new Date('2026-11-23T10:00:00Z');
/** Votes with printed codes; the test switches the age question on before the vote opens. */
const ASKS = 'stadtteilbudget-2026-altstadt-kietz';
/** Votes with accounts ("everyone"); never asks the age question. */
const SILENT = 'buergerhaushalt-2026-treptow-koepenick';
const BANDS = ['under_18', '18_26', '27_44', '45_54', '55_64', '65_plus'];
const secrets = voteSecrets('test-secret-test-secret-test-secret-42');
const form = (fields: Record<string, string>) => {
	const f = new FormData();
	for (const [k, v] of Object.entries(fields)) f.set(k, v);
	return f;
};

describe.each(BACKENDS)('age band at the kiosk and on paper on %s', (backend) => {
	let h: DbHandle;
	let v: ReturnType<typeof createVoting>;
	let clerk: Actor, second: Actor, third: Actor;
	let codes: string[] = [];
	const pids = new Map<string, (title: string) => string>();
	const pid = (slug: string, title: string) => pids.get(slug)!(title);
	const roundId = async (slug: string) => (await h.db.select({ id: round.id }).from(round).where(eq(round.slug, slug)))[0]!.id;
	const bandsOf = async (slug: string) => (await h.db.select({ ageBand: ballot.ageBand }).from(ballot).where(eq(ballot.roundId, await roundId(slug)))).map((b) => b.ageBand);

	beforeAll(async () => {
		h = await openTestDb(backend);
		h.pool?.on('error', () => {});
		await seedDemo(h.db, { now: NOW });
		v = createVoting(h.db, secrets, () => NOW);
		const mk = async () => {
			const id = randomUUID();
			await ensureUserWithPassword(h.db, { id, email: `cw-${id}@example.org`, pseudonym: `cw ${id.slice(0, 8)}`, passwordHash: 'x', grants: [{ role: 'case_worker', scopeKind: 'district', scopeId: '09' }] }, NOW);
			return { userId: id, emailVerified: true, grants: [{ role: 'case_worker' as const, scope: { kind: 'district' as const, id: '09' } }] };
		};
		clerk = await mk();
		second = await mk();
		third = await mk();
		// Staff opt in before the opening (the opening locks the setting).
		expect(await setBallotAgeSetting(createEvaluationRead(h.db), clerk, ASKS, true, NOW)).toEqual({ kind: 'ok', value: { asked: true } });
		for (const slug of [ASKS, SILENT]) {
			const s = await v.state(slug);
			if (s.kind !== 'open') throw new Error(`vote ${slug} not open: ${s.kind}`);
			pids.set(slug, (t) => s.config.projects.find((p) => p.title.startsWith(t))!.id);
		}
		const b = await v.createBatch(clerk, ASKS, form({ label: 'Kiosk', size: '3' }));
		if (b.kind !== 'ok') throw new Error('no batch');
		codes = b.codes;
	});
	afterAll(async () => {
		await h.close();
	});

	const kioskFor = async (slug: string, label: string) => {
		const setup = await v.setupKiosk(clerk, slug, form({ label }));
		if (setup.kind !== 'ok') throw new Error('no kiosk');
		const admin = await v.kioskAdmin(clerk, slug);
		if (admin.kind !== 'ok') throw new Error('no admin');
		return { token: setup.token, device: admin.devices.find((d) => d.label === label)!.id };
	};

	it('kiosk: the unlocked ballot asks the band; a ballot that comes back keeps it; the cast stores it with the ballot', async () => {
		const k = await kioskFor(ASKS, 'Tablet Alter');
		const locked = await v.kioskScreen(ASKS, k.token);
		expect(locked).toMatchObject({ kind: 'locked', ageBands: null });
		expect((await v.unlockKiosk(clerk, ASKS, form({ device: k.device, code: codes[0]! }))).kind).toBe('ok');
		expect(await v.kioskScreen(ASKS, k.token)).toMatchObject({ kind: 'unlocked', ageBands: BANDS });
		const over = await v.kioskCast(ASKS, k.token, form({ [`p.${pid(ASKS, 'Trinkbrunnen')}`]: 'on', [`p.${pid(ASKS, 'Lastenrad')}`]: 'on', [`p.${pid(ASKS, 'Kiezfest')}`]: 'on', ageBand: '65_plus' }));
		expect(over).toMatchObject({ kind: 'invalid', values: { ageBand: '65_plus' } });
		const before = await bandsOf(ASKS);
		expect((await v.kioskCast(ASKS, k.token, form({ [`p.${pid(ASKS, 'Sitzbänke')}`]: 'on', ageBand: '65_plus' }))).kind).toBe('ok');
		expect((await bandsOf(ASKS)).filter((b) => b === '65_plus')).toHaveLength(before.filter((b) => b === '65_plus').length + 1);
		// A tampered value is no answer, as online.
		expect((await v.unlockKiosk(clerk, ASKS, form({ device: k.device, code: codes[1]! }))).kind).toBe('ok');
		const n = (await bandsOf(ASKS)).length;
		expect((await v.kioskCast(ASKS, k.token, form({ [`p.${pid(ASKS, 'Sitzbänke')}`]: 'on', ageBand: '99_plus' }))).kind).toBe('ok');
		const after = await bandsOf(ASKS);
		expect(after).toHaveLength(n + 1);
		expect(after.filter((b) => b === null)).toHaveLength(before.filter((b) => b === null).length + 1);
	});

	it('paper: the printout has the tick boxes; matching entries count with their band; a different band is a mismatch the third person decides', async () => {
		const print = await v.paperPrint(clerk, ASKS, form({ from: '500', count: '1' }));
		if (print.kind !== 'ok') throw new Error(print.kind);
		expect(print.ageBands).toEqual(BANDS);
		const id = await roundId(ASKS);
		const sitz = `p.${pid(ASKS, 'Sitzbänke')}`;
		const start = (await bandsOf(ASKS)).length;

		// A bad number comes back with the band that was chosen.
		expect(await v.enterPaper(clerk, ASKS, form({ serial: 'x', [sitz]: 'on', ageBand: '27_44' }))).toMatchObject({ kind: 'invalid', errors: { serial: 'voting_paper_error_serial' }, values: { ageBand: '27_44' } });
		expect(await v.enterPaper(clerk, ASKS, form({ serial: '501', [sitz]: 'on', ageBand: '27_44' }))).toMatchObject({ outcome: 'first' });
		expect(await v.enterPaper(second, ASKS, form({ serial: '501', [sitz]: 'on', ageBand: '27_44' }))).toMatchObject({ outcome: 'counted' });
		expect((await bandsOf(ASKS)).filter((b) => b === '27_44')).toHaveLength(1);

		// Same ticks, another band: a mismatch like any other; the list shows both readings of the band.
		expect(await v.enterPaper(clerk, ASKS, form({ serial: '502', [sitz]: 'on', ageBand: '18_26' }))).toMatchObject({ outcome: 'first' });
		expect(await v.enterPaper(second, ASKS, form({ serial: '502', [sitz]: 'on' }))).toMatchObject({ outcome: 'mismatch' });
		const [row] = await h.db.select().from(paperBallot).where(and(eq(paperBallot.roundId, id), eq(paperBallot.serial, '502')));
		expect(row).toMatchObject({ status: 'mismatch', firstAgeBand: '18_26', secondAgeBand: null });
		const admin = await v.paperAdmin(third, ASKS);
		if (admin.kind !== 'ok') throw new Error(admin.kind);
		expect(admin.ageBands).toEqual(BANDS);
		expect(admin.mismatches.find((x) => x.serial === '502')).toMatchObject({ firstAgeBand: '18_26', secondAgeBand: null, same: false });
		expect((await bandsOf(ASKS)).length).toBe(start + 1);
		// The third person reads the paper; a ballot that comes back keeps the band, then it counts with it.
		const back = await v.decidePaper(third, ASKS, form({ serial: '502', [`p.${pid(ASKS, 'Trinkbrunnen')}`]: 'on', [`p.${pid(ASKS, 'Lastenrad')}`]: 'on', [`p.${pid(ASKS, 'Kiezfest')}`]: 'on', ageBand: '18_26' }));
		expect(back).toMatchObject({ kind: 'invalid', values: { ageBand: '18_26' } });
		expect(await v.decidePaper(third, ASKS, form({ serial: '502', [sitz]: 'on', ageBand: '18_26' }))).toMatchObject({ kind: 'ok', outcome: 'counted' });
		expect((await bandsOf(ASKS)).filter((b) => b === '18_26')).toHaveLength(1);

		// A void paper is not counted, whatever band the two entries read.
		expect(await v.enterPaper(clerk, ASKS, form({ serial: '503', invalid: 'on', ageBand: '45_54' }))).toMatchObject({ outcome: 'first' });
		expect(await v.enterPaper(second, ASKS, form({ serial: '503', invalid: 'on' }))).toMatchObject({ outcome: 'invalid' });
		// Both entries tampered: both read "no answer", so they agree and the ballot counts without a band.
		expect(await v.enterPaper(clerk, ASKS, form({ serial: '504', [sitz]: 'on', ageBand: 'old' }))).toMatchObject({ outcome: 'first' });
		expect(await v.enterPaper(second, ASKS, form({ serial: '504', [sitz]: 'on', ageBand: '' }))).toMatchObject({ outcome: 'counted' });
		const all = await bandsOf(ASKS);
		expect(all.length).toBe(start + 3);
		expect(all.filter((b) => b === '45_54')).toHaveLength(0);
	});

	it('a round that does not ask stores no band from the kiosk or paper, and its paper entries are compared without it', async () => {
		const k = await kioskFor(SILENT, 'Tablet ohne Frage');
		expect((await v.unlockKiosk(clerk, SILENT, form({ device: k.device, document: 'on' }))).kind).toBe('ok');
		expect(await v.kioskScreen(SILENT, k.token)).toMatchObject({ kind: 'unlocked', ageBands: null });
		expect((await v.kioskCast(SILENT, k.token, form({ [`p.${pid(SILENT, 'Bücherschränke')}`]: 'on', ageBand: '65_plus' }))).kind).toBe('ok');
		const p = `p.${pid(SILENT, 'Bücherschränke')}`;
		expect(await v.enterPaper(clerk, SILENT, form({ serial: '7', [p]: 'on', ageBand: '65_plus' }))).toMatchObject({ outcome: 'first' });
		expect(await v.enterPaper(second, SILENT, form({ serial: '7', [p]: 'on', ageBand: '18_26' }))).toMatchObject({ outcome: 'counted' });
		expect(await bandsOf(SILENT)).toEqual([null, null]);
		const print = await v.paperPrint(clerk, SILENT, form({ from: '1', count: '1' }));
		expect(print.kind === 'ok' && print.ageBands).toBeNull();
		const admin = await v.paperAdmin(clerk, SILENT);
		expect(admin.kind === 'ok' && admin.ageBands).toBeNull();
	});

	it('the printed ballot carries the voluntary question only when asked', async () => {
		const base = { roundTitle: 'Test', ballot: { kind: 'approval' as const, maxPicks: 2 }, projects: [{ id: 'a', title: 'Bank am Ufer', costCents: 100_000 }], serials: ['42'] };
		const dir = mkdtempSync(join(tmpdir(), 'kb-paper-age-'));
		const text = async (name: string, pdf: Uint8Array) => {
			writeFileSync(join(dir, name), pdf);
			return execFileSync('pdftotext', [join(dir, name), '-'], { encoding: 'utf8' });
		};
		const asked = await text('asked.pdf', await paperBallotsPdf({ ...base, ageChoices: [{ de: '27 bis 44 Jahre', en: '27 to 44' }, { de: 'Möchte ich nicht sagen', en: 'Prefer not to say' }] }));
		expect(asked).toContain('Wie alt sind Sie?');
		expect(asked).toContain('27 bis 44 Jahre / 27 to 44');
		expect(asked).toContain('Möchte ich nicht sagen / Prefer not to say');
		const silent = await text('silent.pdf', await paperBallotsPdf({ ...base, ageChoices: null }));
		expect(silent).toContain('Bank am Ufer');
		expect(silent).not.toContain('Wie alt');
	});
});
