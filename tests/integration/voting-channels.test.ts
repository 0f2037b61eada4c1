// Issue 5: kiosk and paper ballots — staff-only unlock, one ballot per unlock, double entry by two different
// people, a third look for mismatches, the close blocked while paper is unsettled, and one person one vote
// across channels under concurrency (research/public-sector.md E-09). PGlite and PostgreSQL.
import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../src/lib/server/db/client.ts';
import { createVoting } from '../../src/lib/server/app/voting.ts';
import { voteSecrets } from '../../src/lib/server/app/voting-secrets.ts';
import { submitVoterDemographics } from '../../src/lib/server/app/voting-channels.ts';
import { createEvaluationRead } from '../../src/lib/server/db/read/evaluation-read.ts';
import { ballot, demographicResponse, event, paperBallot, round, voteRegister, voteRound } from '../../src/lib/server/db/schema/index.ts';
import { ensureUserWithPassword } from '../../src/lib/server/db/repositories/seed.ts';
import type { Actor } from '../../src/lib/core/access/policy.ts';
import { parsePabulib } from '../../src/lib/core/tally/pabulib.ts';
import { BACKENDS, openSeededTestDb } from '../setup/test-db.ts';

const NOW = new Date('2026-11-23T10:00:00Z');
const ROUND = 'stadtteilbudget-2026-altstadt-kietz';
const secrets = voteSecrets('test-secret-test-secret-test-secret-42');

const form = (fields: Record<string, string>) => {
	const f = new FormData();
	for (const [k, v] of Object.entries(fields)) f.set(k, v);
	return f;
};

describe.each(BACKENDS)('kiosk and paper voting on %s', (backend) => {
	let h: DbHandle;
	let v: ReturnType<typeof createVoting>;
	let clerk: Actor, second: Actor, third: Actor, moderator: Actor, otherDistrict: Actor;
	const resident: Actor = { userId: 'resident', emailVerified: true, grants: [] };
	let codes: string[] = [];
	let pid: (title: string) => string;
	// This test's round only: the demo seed also holds a closed vote with ballots (issue 7).
	const regionRound = async () => (await h.db.select({ id: round.id }).from(round).where(eq(round.slug, ROUND)))[0]!.id;
	const roundBallots = async () => h.db.select().from(ballot).where(eq(ballot.roundId, await regionRound()));

	beforeAll(async () => {
		h = await openSeededTestDb(backend, NOW);
		h.pool?.on('error', () => {});
		v = createVoting(h.db, secrets, () => NOW);
		const mk = async (role: 'case_worker' | 'moderator', district = '09') => {
			const id = randomUUID();
			const scope = role === 'moderator' ? { scopeKind: 'region', scopeId: '094015' } : { scopeKind: 'district', scopeId: district };
			await ensureUserWithPassword(h.db, { id, email: `${role}-${id}@example.org`, pseudonym: `${role} ${id.slice(0, 8)}`, passwordHash: 'x', grants: [{ role, ...scope }] }, NOW);
			return { userId: id, emailVerified: true, grants: [role === 'moderator' ? { role, scope: { kind: 'region' as const, id: '094015', districtId: '09' } } : { role, scope: { kind: 'district' as const, id: district } }] };
		};
		clerk = await mk('case_worker');
		second = await mk('case_worker');
		third = await mk('case_worker');
		moderator = await mk('moderator');
		otherDistrict = await mk('case_worker', '08');
		const s = await v.state(ROUND);
		if (s.kind !== 'open') throw new Error('vote not open');
		pid = (t) => s.config.projects.find((p) => p.title.startsWith(t))!.id;
		const b = await v.createBatch(clerk, ROUND, form({ label: 'Kiosk', size: '4' }));
		if (b.kind !== 'ok') throw new Error('no batch');
		codes = b.codes;
	});
	afterAll(async () => {
		await h.close();
	});

	it('refuses every kiosk and paper action to residents, Kiezpat:innen, anonymous and other districts', async () => {
		for (const who of [null, resident, moderator, otherDistrict]) {
			expect((await v.kioskAdmin(who, ROUND)).kind).toBe('forbidden');
			expect((await v.setupKiosk(who, ROUND, form({ label: 'x' }))).kind).toBe('forbidden');
			expect((await v.unlockKiosk(who, ROUND, form({ device: randomUUID(), code: codes[0]! }))).kind).toBe('forbidden');
			expect((await v.relockKiosk(who, ROUND, randomUUID())).kind).toBe('forbidden');
			expect((await v.paperAdmin(who, ROUND)).kind).toBe('forbidden');
			expect((await v.enterPaper(who, ROUND, form({ serial: '1' }))).kind).toBe('forbidden');
			expect((await v.decidePaper(who, ROUND, form({ serial: '1' }))).kind).toBe('forbidden');
			expect((await v.paperPrint(who, ROUND, form({ from: '1', count: '2' }))).kind).toBe('forbidden');
		}
		expect((await v.kioskAdmin(clerk, 'no-such-round')).kind).toBe('not_found');
	});

	it('a kiosk votes once per unlock: locked, unlocked with a letter code, cast, locked again', async () => {
		expect(await v.setupKiosk(clerk, ROUND, form({ label: ' ' }))).toMatchObject({ kind: 'invalid', errors: { label: expect.any(String) } });
		const setup = await v.setupKiosk(clerk, ROUND, form({ label: 'Tablet Bürgeramt' }));
		if (setup.kind !== 'ok') throw new Error('no kiosk');
		expect((await v.kioskScreen(ROUND, undefined)).kind).toBe('not_a_kiosk');
		expect((await v.kioskScreen(ROUND, 'forged')).kind).toBe('not_a_kiosk');
		expect((await v.kioskScreen(ROUND, setup.token)).kind).toBe('locked');
		const ballotForm = () => form({ [`p.${pid('Sitzbänke')}`]: 'on' });
		expect(await v.kioskCast(ROUND, setup.token, ballotForm())).toEqual({ kind: 'locked' });
		const admin = await v.kioskAdmin(clerk, ROUND);
		if (admin.kind !== 'ok') throw new Error('no admin');
		const device = admin.devices.find((d) => d.label === 'Tablet Bürgeramt')!;
		expect(device.unlocked).toBe(false);
		// A typo and an unknown code are explained at the field; the device stays locked.
		expect(await v.unlockKiosk(clerk, ROUND, form({ device: device.id, code: 'ABC' }))).toMatchObject({ kind: 'invalid', errors: { [`code-${device.id}`]: 'voting_error_code_length' } });
		expect(await v.unlockKiosk(clerk, ROUND, form({ device: device.id, code: codes[0]! }))).toEqual({ kind: 'ok', deviceId: device.id });
		expect(await v.unlockKiosk(clerk, ROUND, form({ device: device.id, code: codes[1]! }))).toMatchObject({ kind: 'invalid', errors: { [`code-${device.id}`]: 'voting_kiosk_error_busy' } });
		expect((await v.kioskScreen(ROUND, setup.token)).kind).toBe('unlocked');
		// The server checks the kiosk ballot as any other.
		const over = await v.kioskCast(ROUND, setup.token, form({ [`p.${pid('Trinkbrunnen')}`]: 'on', [`p.${pid('Lastenrad')}`]: 'on', [`p.${pid('Kiezfest')}`]: 'on' }));
		expect(over.kind).toBe('invalid');
		// 50 concurrent posts from the unlocked device: one ballot.
		const before = (await roundBallots()).length;
		const results = await Promise.all(Array.from({ length: 50 }, () => v.kioskCast(ROUND, setup.token, ballotForm())));
		expect(results.filter((r) => r.kind === 'ok')).toHaveLength(1);
		expect(results.filter((r) => r.kind === 'locked')).toHaveLength(49);
		expect((await roundBallots()).length).toBe(before + 1);
		expect((await v.kioskScreen(ROUND, setup.token)).kind).toBe('locked');
		// The register records the kiosk channel and who checked eligibility how — and the code is used up everywhere.
		const [reg] = await h.db.select().from(voteRegister).where(eq(voteRegister.channel, 'kiosk'));
		expect(reg).toMatchObject({ checkMethod: 'code', checkedBy: clerk.userId });
		expect(await v.enterCode(ROUND, codes[0]!, 'client-k')).toEqual({ kind: 'already_voted' });
		expect(await v.unlockKiosk(clerk, ROUND, form({ device: device.id, code: codes[0]! }))).toMatchObject({ kind: 'invalid', errors: { [`code-${device.id}`]: 'voting_error_already_voted' } });
		// The ballot row says nothing about the kiosk or the code.
		const ok = results.find((r) => r.kind === 'ok');
		expect(ok?.kind === 'ok' && (await v.checkReceipt(ROUND, ok.receipt))).toEqual({ kind: 'found' });
	});

	it('a code used online cannot unlock a kiosk; a staff member can lock a device again', async () => {
		const t = await v.enterCode(ROUND, codes[1]!, 'client-o');
		if (t.kind !== 'ok') throw new Error('no ticket');
		expect((await v.cast(ROUND, { ticket: t.ticket }, form({ [`p.${pid('Bücherzelle')}`]: 'on' }))).kind).toBe('ok');
		const setup = await v.setupKiosk(second, ROUND, form({ label: 'Tablet Bibliothek' }));
		if (setup.kind !== 'ok') throw new Error('no kiosk');
		const admin = await v.kioskAdmin(second, ROUND);
		const device = admin.kind === 'ok' ? admin.devices.find((d) => d.label === 'Tablet Bibliothek')! : null;
		expect(await v.unlockKiosk(second, ROUND, form({ device: device!.id, code: codes[1]! }))).toMatchObject({ kind: 'invalid', errors: { [`code-${device!.id}`]: 'voting_error_already_voted' } });
		expect((await v.unlockKiosk(second, ROUND, form({ device: device!.id, code: codes[2]! }))).kind).toBe('ok');
		expect((await v.relockKiosk(second, ROUND, device!.id)).kind).toBe('ok');
		expect((await v.kioskScreen(ROUND, setup.token)).kind).toBe('locked');
		// The unlock was not used, so the code still works online.
		expect((await v.enterCode(ROUND, codes[2]!, 'client-o')).kind).toBe('ok');
	});

	it('paper: two matching entries by different people count once; the same person cannot confirm their own entry', async () => {
		const before = (await roundBallots()).length;
		const paper = { serial: '0101', [`p.${pid('Sitzbänke')}`]: 'on', [`p.${pid('Bücherzelle')}`]: 'on' };
		expect(await v.enterPaper(clerk, ROUND, form(paper))).toEqual({ kind: 'ok', outcome: 'first', serial: '101' });
		expect(await v.enterPaper(clerk, ROUND, form(paper))).toMatchObject({ kind: 'invalid', errors: { serial: 'voting_paper_error_same_person' } });
		expect((await roundBallots()).length).toBe(before);
		expect(await v.enterPaper(second, ROUND, form({ ...paper, serial: '101' }))).toEqual({ kind: 'ok', outcome: 'counted', serial: '101' });
		expect((await roundBallots()).length).toBe(before + 1);
		expect(await v.enterPaper(third, ROUND, form(paper))).toMatchObject({ kind: 'invalid', errors: { serial: 'voting_paper_error_done' } });
		// Bad input comes back with the field errors and what was typed.
		const bad = await v.enterPaper(clerk, ROUND, form({ serial: 'x1', [`p.${pid('Trinkbrunnen')}`]: 'on', [`p.${pid('Lastenrad')}`]: 'on', [`p.${pid('Kiezfest')}`]: 'on' }));
		expect(bad).toMatchObject({ kind: 'invalid', errors: { serial: 'voting_paper_error_serial', ballot: 'voting_paper_error_ballot' }, values: { serial: 'x1' } });
		expect(bad.kind === 'invalid' && bad.problems[0]?.kind).toBe('over_budget');
		// A void paper is recorded as void by both, and not counted.
		expect((await v.enterPaper(clerk, ROUND, form({ serial: '102', invalid: 'on' }))).kind).toBe('ok');
		expect(await v.enterPaper(second, ROUND, form({ serial: '102', invalid: 'on' }))).toEqual({ kind: 'ok', outcome: 'invalid', serial: '102' });
		expect((await roundBallots()).length).toBe(before + 1);
	});

	it('paper: a mismatch waits for a third person, blocks the close, and is decided once', async () => {
		const before = (await roundBallots()).length;
		expect((await v.enterPaper(clerk, ROUND, form({ serial: '103', [`p.${pid('Sitzbänke')}`]: 'on' }))).kind).toBe('ok');
		expect(await v.enterPaper(second, ROUND, form({ serial: '103', [`p.${pid('Bücherzelle')}`]: 'on' }))).toEqual({ kind: 'ok', outcome: 'mismatch', serial: '103' });
		expect((await roundBallots()).length).toBe(before);
		const overview = await v.paperAdmin(third, ROUND);
		expect(overview.kind === 'ok' && overview.mismatches.map((m) => m.serial)).toEqual(['103']);
		expect(overview.kind === 'ok' && overview.counts).toEqual({ counted: 1, invalid: 1, awaiting: 0, mismatch: 1 });
		// Neither of the two who typed it may decide.
		expect(await v.decidePaper(clerk, ROUND, form({ serial: '103', [`p.${pid('Sitzbänke')}`]: 'on' }))).toMatchObject({ kind: 'invalid', errors: { 'decide-103-invalid': 'voting_paper_error_same_person' } });
		expect(await v.decidePaper(second, ROUND, form({ serial: '103', [`p.${pid('Sitzbänke')}`]: 'on' }))).toMatchObject({ kind: 'invalid' });
		// The close is refused while a paper ballot is unsettled (E-09).
		expect(await v.close(clerk, ROUND)).toEqual({ kind: 'conflict', reason: 'paper_unsettled' });
		// 30 concurrent decisions by the third person: one counts.
		const decisions = await Promise.all(Array.from({ length: 30 }, () => v.decidePaper(third, ROUND, form({ serial: '103', [`p.${pid('Sitzbänke')}`]: 'on' }))));
		expect(decisions.filter((d) => d.kind === 'ok')).toHaveLength(1);
		expect(decisions.filter((d) => d.kind === 'not_found')).toHaveLength(29);
		expect((await roundBallots()).length).toBe(before + 1);
		const roundId = await regionRound();
		const [row] = await h.db.select().from(paperBallot).where(and(eq(paperBallot.roundId, roundId), eq(paperBallot.serial, '103')));
		expect(row).toMatchObject({ status: 'counted', decidedBy: third.userId });
	});

	it('200 concurrent second entries of one paper ballot by different people: exactly one counts', async () => {
		expect((await v.enterPaper(clerk, ROUND, form({ serial: '200', [`p.${pid('Sitzbänke')}`]: 'on' }))).kind).toBe('ok');
		const before = (await roundBallots()).length;
		const helpers = [second, third];
		const results = await Promise.all(Array.from({ length: 200 }, (_, i) => v.enterPaper(helpers[i % 2]!, ROUND, form({ serial: '200', [`p.${pid('Sitzbänke')}`]: 'on' }))));
		expect(results.filter((r) => r.kind === 'ok' && r.outcome === 'counted')).toHaveLength(1);
		expect((await roundBallots()).length).toBe(before + 1);
		const paperRegister = await h.db.select().from(voteRegister).where(eq(voteRegister.voterKey, 'paper:200'));
		expect(paperRegister).toHaveLength(1);
	});

	it('the optional questions after a ballot are stored apart from it: round, channel and day only', async () => {
		const port = createEvaluationRead(h.db);
		expect(await submitVoterDemographics(port, ROUND, form({ age: '' }), 'kiosk', NOW)).toEqual({ kind: 'empty', values: {} });
		expect(await submitVoterDemographics(port, 'no-such-round', form({ age: '27_44' }), 'kiosk', NOW)).toEqual({ kind: 'not_found' });
		expect(await submitVoterDemographics(port, ROUND, form({ age: '27_44', gender: 'prefer_not_to_say' }), 'kiosk', NOW)).toEqual({ kind: 'ok' });
		const rows = await h.db.select().from(demographicResponse).where(eq(demographicResponse.channel, 'kiosk'));
		expect(rows).toHaveLength(1);
		expect(Object.keys(rows[0]!).sort()).toEqual(['answers', 'channel', 'day', 'id', 'roundId']);
		expect(rows[0]).toMatchObject({ day: '2026-11-23', answers: { age: '27_44', gender: 'prefer_not_to_say' } });
		// Nothing in the answer row points at a ballot or a receipt.
		const ballots = await h.db.select().from(ballot);
		for (const b of ballots) expect(JSON.stringify(rows[0])).not.toContain(b.id);
	});

	it('with everything settled the close counts kiosk, paper and online ballots; later entries are refused', async () => {
		// A paper ballot entered only once also blocks the close until its second entry.
		expect((await v.enterPaper(clerk, ROUND, form({ serial: '300', [`p.${pid('Sitzbänke')}`]: 'on' }))).kind).toBe('ok');
		expect(await v.close(clerk, ROUND)).toEqual({ kind: 'conflict', reason: 'paper_unsettled' });
		expect((await v.enterPaper(second, ROUND, form({ serial: '300', [`p.${pid('Sitzbänke')}`]: 'on' }))).kind).toBe('ok');
		const ballots = (await roundBallots()).length;
		expect(await v.close(clerk, ROUND)).toEqual({ kind: 'ok' });
		expect(await v.result(ROUND)).not.toBeNull();
		// Every counted ballot of every channel is in the published file, once: online, kiosk, paper.
		const [vr] = await h.db.select().from(voteRound).where(eq(voteRound.roundId, await regionRound()));
		expect(parsePabulib(vr!.ballotFile!).ballots).toHaveLength(ballots);
		const channels = new Set((await h.db.select().from(voteRegister).where(eq(voteRegister.roundId, await regionRound()))).map((r) => r.channel));
		expect(channels).toEqual(new Set(['code', 'kiosk', 'paper']));
		expect((await v.enterPaper(third, ROUND, form({ serial: '301' }))).kind).toBe('not_open');
		// The audit log holds the unlock and paper steps without choices.
		const events = await h.db.select().from(event);
		const types = new Set(events.map((e) => e.type));
		for (const t of ['vote.kiosk_set_up', 'vote.kiosk_unlocked', 'vote.kiosk_relocked', 'vote.paper_entered', 'vote.paper_decided']) expect(types.has(t)).toBe(true);
		for (const e of events.filter((e) => e.type.startsWith('vote.paper') || e.type.startsWith('vote.kiosk'))) expect(JSON.stringify(e.payload)).not.toContain(pid('Sitzbänke'));
	});
});
