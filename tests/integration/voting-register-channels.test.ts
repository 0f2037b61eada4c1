// Issue 5: one has-voted register across all channels for people on the register file. A person identified
// by name, birth date and postcode votes once — online (with an account), at a kiosk (staff type in the
// entry from the ID) or on paper (marked when the ballot is handed out) — also under 200 concurrent
// attempts across the three channels. PGlite and PostgreSQL.
import { randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../src/lib/server/db/client.ts';
import { createVoting } from '../../src/lib/server/app/voting.ts';
import { voteSecrets } from '../../src/lib/server/app/voting-secrets.ts';
import { ballot, event, programme, voteRegister } from '../../src/lib/server/db/schema/index.ts';
import { ensureUserWithPassword } from '../../src/lib/server/db/repositories/seed.ts';
import type { Actor } from '../../src/lib/core/access/policy.ts';
import { BACKENDS, openSeededTestDb } from '../setup/test-db.ts';

const NOW = new Date('2026-11-23T10:00:00Z');
const ROUND = 'stadtteilbudget-2026-altstadt-kietz';
const secrets = voteSecrets('test-secret-test-secret-test-secret-42');
const form = (fields: Record<string, string>) => {
	const f = new FormData();
	for (const [k, v] of Object.entries(fields)) f.set(k, v);
	return f;
};
const CSV = ['Name;Geburtsdatum;PLZ', 'Anna Müller;07.04.1990;12435', 'Jan Berg;02.01.1985;12437', 'Eva Klein;03.03.1970;12435', 'Otto Weiß;04.05.1960;12437'].join('\n') + '\n';
const ANNA = { name: 'Anna Müller', birthdate: '07.04.1990', postcode: '12435' };
const JAN = { name: 'Jan Berg', birthdate: '1985-01-02', postcode: '12437' };
const EVA = { name: 'Eva Klein', birthdate: '3.3.1970', postcode: '12435' };
const OTTO = { name: 'Otto Weiß', birthdate: '04.05.1960', postcode: '12437' };
const issueForm = (p: typeof ANNA) => form({ 'issue-name': p.name, 'issue-birthdate': p.birthdate, 'issue-postcode': p.postcode });

describe.each(BACKENDS)('one register across online, kiosk and paper on %s', (backend) => {
	let h: DbHandle;
	let v: ReturnType<typeof createVoting>;
	let clerk: Actor, otherDistrict: Actor;
	const account = (): Actor => ({ userId: randomUUID(), emailVerified: true, grants: [] });
	let pid: (t: string) => string;
	const ballots = async () => (await h.db.select({ id: ballot.id }).from(ballot)).length;
	const kiosk = async (label: string) => {
		const setup = await v.setupKiosk(clerk, ROUND, form({ label }));
		if (setup.kind !== 'ok') throw new Error('no kiosk');
		const admin = await v.kioskAdmin(clerk, ROUND);
		if (admin.kind !== 'ok') throw new Error('no admin');
		return { token: setup.token, id: admin.devices.find((d) => d.label === label)!.id };
	};
	const unlock = (deviceId: string, p: typeof ANNA) => v.unlockKiosk(clerk, ROUND, form({ device: deviceId, ...p }));
	const ticketFor = async (p: typeof ANNA) => {
		const t = await v.proveEligibility(account(), ROUND, form(p));
		if (t.kind !== 'ok') throw new Error(`no ticket: ${JSON.stringify(t)}`);
		return t.ticket;
	};

	beforeAll(async () => {
		h = await openSeededTestDb(backend, NOW);
		h.pool?.on('error', () => {});
		await h.db.update(programme).set({ rules: sql`jsonb_set(${programme.rules}, '{whoMayVote}', '"everyone"')` }).where(eq(programme.slug, 'stadtteilbudget'));
		v = createVoting(h.db, secrets, () => NOW);
		const mk = async (district: string) => {
			const id = randomUUID();
			await ensureUserWithPassword(h.db, { id, email: `cw-${id}@example.org`, pseudonym: `cw ${id.slice(0, 8)}`, passwordHash: 'x', grants: [{ role: 'case_worker', scopeKind: 'district', scopeId: district }] }, NOW);
			return { userId: id, emailVerified: true, grants: [{ role: 'case_worker' as const, scope: { kind: 'district' as const, id: district } }] };
		};
		clerk = await mk('09');
		otherDistrict = await mk('08');
		const s = await v.state(ROUND);
		if (s.kind !== 'open') throw new Error('not open');
		expect(s.config.identity).toBe('account');
		pid = (t) => s.config.projects.find((p) => p.title.startsWith(t))!.id;
	});
	afterAll(async () => {
		await h.close();
	});

	it('without a register file the kiosk asks for an ID check and paper ballots are not marked', async () => {
		const admin = await v.kioskAdmin(clerk, ROUND);
		expect(admin).toMatchObject({ kind: 'ok', identity: 'account', register: false });
		expect(await v.paperAdmin(clerk, ROUND)).toMatchObject({ kind: 'ok', register: false });
		expect(await v.issuePaper(clerk, ROUND, issueForm(ANNA))).toEqual({ kind: 'no_register' });
		expect((await v.uploadRegister(clerk, ROUND, CSV)).kind).toBe('ok');
		expect(await v.kioskAdmin(clerk, ROUND)).toMatchObject({ kind: 'ok', register: true });
		expect(await v.paperAdmin(clerk, ROUND)).toMatchObject({ kind: 'ok', register: true });
	});

	it('handing out paper ballots is staff-only', async () => {
		for (const who of [null, account(), otherDistrict]) expect((await v.issuePaper(who, ROUND, issueForm(ANNA))).kind).toBe('forbidden');
		expect((await v.issuePaper(clerk, 'no-such-round', issueForm(ANNA))).kind).toBe('not_found');
	});

	it('online first: the person can then neither unlock a kiosk nor get a paper ballot', async () => {
		const before = await ballots();
		expect((await v.cast(ROUND, { ticket: await ticketFor(ANNA) }, form({ [`p.${pid('Sitzbänke')}`]: 'on' }))).kind).toBe('ok');
		expect(await ballots()).toBe(before + 1);
		const k = await kiosk('Tablet 1');
		expect(await unlock(k.id, ANNA)).toMatchObject({ kind: 'invalid', errors: { [`name-${k.id}`]: 'voting_register_error_voted' } });
		expect(await v.issuePaper(clerk, ROUND, issueForm(ANNA))).toMatchObject({ kind: 'invalid', errors: { 'issue-name': 'voting_register_error_voted' } });
		expect(await ballots()).toBe(before + 1);
	});

	it('kiosk: unlocked by the register entry only; afterwards no online ballot and no paper ballot', async () => {
		const k = await kiosk('Tablet 2');
		// The ID check alone is not enough when there is a register file; bad input is explained per field.
		expect(await v.unlockKiosk(clerk, ROUND, form({ device: k.id, document: 'on' }))).toMatchObject({ kind: 'invalid', errors: { [`name-${k.id}`]: 'voting_staff_register_error_name' } });
		expect(await unlock(k.id, { ...JAN, birthdate: '31.02.1985' })).toMatchObject({ kind: 'invalid', errors: { [`birthdate-${k.id}`]: 'voting_staff_register_error_birthdate' }, values: { person: { birthdate: '31.02.1985' } } });
		expect(await unlock(k.id, { ...JAN, name: 'Jan Fremd' })).toMatchObject({ kind: 'invalid', errors: { [`name-${k.id}`]: 'voting_staff_register_error_unknown' } });
		expect((await v.kioskScreen(ROUND, k.token)).kind).toBe('locked');
		expect(await unlock(k.id, JAN)).toEqual({ kind: 'ok', deviceId: k.id });
		expect((await v.kioskCast(ROUND, k.token, form({ [`p.${pid('Bücherzelle')}`]: 'on' }))).kind).toBe('ok');
		const [reg] = await h.db.select().from(voteRegister).where(eq(voteRegister.channel, 'kiosk'));
		expect(reg).toMatchObject({ checkMethod: 'register', checkedBy: clerk.userId });
		expect(reg!.voterKey).toMatch(/^register:/);
		expect(await v.proveEligibility(account(), ROUND, form(JAN))).toMatchObject({ kind: 'invalid', errors: { name: 'voting_register_error_voted' } });
		expect(await v.issuePaper(clerk, ROUND, issueForm(JAN))).toMatchObject({ kind: 'invalid', errors: { 'issue-name': 'voting_register_error_voted' } });
		expect(await unlock(k.id, JAN)).toMatchObject({ kind: 'invalid', errors: { [`name-${k.id}`]: 'voting_register_error_voted' } });
	});

	it('paper: handing out marks the person (channel paper_issued, audited without personal data); no second vote anywhere', async () => {
		expect(await v.issuePaper(clerk, ROUND, issueForm({ ...EVA, postcode: '1' }))).toMatchObject({ kind: 'invalid', errors: { 'issue-postcode': 'voting_staff_register_error_postcode' }, values: { postcode: '1' } });
		const before = await ballots();
		expect(await v.issuePaper(clerk, ROUND, issueForm(EVA))).toEqual({ kind: 'ok' });
		// Handing out is not a ballot: the paper is counted when it is entered twice, without a name.
		expect(await ballots()).toBe(before);
		const [reg] = await h.db.select().from(voteRegister).where(eq(voteRegister.channel, 'paper_issued'));
		expect(reg).toMatchObject({ checkMethod: 'register', checkedBy: clerk.userId, receiptCheck: null });
		const events = await h.db.select().from(event).where(eq(event.type, 'vote.paper_issued'));
		expect(events).toHaveLength(1);
		expect(events[0]).toMatchObject({ actorId: clerk.userId });
		const dump = JSON.stringify(events);
		for (const s of ['Klein', 'Eva', '1970', '12435']) expect(dump).not.toContain(s);
		expect(await v.issuePaper(clerk, ROUND, issueForm(EVA))).toMatchObject({ kind: 'invalid', errors: { 'issue-name': 'voting_register_error_voted' } });
		expect(await v.proveEligibility(account(), ROUND, form(EVA))).toMatchObject({ kind: 'invalid', errors: { name: 'voting_register_error_voted' } });
		const k = await kiosk('Tablet 3');
		expect(await unlock(k.id, EVA)).toMatchObject({ kind: 'invalid', errors: { [`name-${k.id}`]: 'voting_register_error_voted' } });
	});

	it('200 concurrent attempts of one person online, at kiosks and on paper: exactly one counts', async () => {
		// Tickets and kiosk unlocks are given before anyone voted (a person at the desk while their phone votes).
		const tickets = await Promise.all(Array.from({ length: 4 }, () => ticketFor(OTTO)));
		const devices = [];
		for (let i = 0; i < 4; i++) devices.push(await kiosk(`Otto ${i}`));
		for (const d of devices) expect((await unlock(d.id, OTTO)).kind).toBe('ok');
		const before = await ballots();
		const attempts: Promise<{ channel: string; kind: string }>[] = [];
		for (let i = 0; i < 200; i++) {
			const choice = form({ [`p.${pid('Bücherzelle')}`]: 'on' });
			if (i < 4) attempts.push(v.kioskCast(ROUND, devices[i]!.token, choice).then((r) => ({ channel: 'kiosk', kind: r.kind })));
			else if (i % 2) attempts.push(v.cast(ROUND, { ticket: tickets[i % 4]! }, choice).then((r) => ({ channel: 'online', kind: r.kind })));
			else attempts.push(v.issuePaper(clerk, ROUND, issueForm(OTTO)).then((r) => ({ channel: 'paper', kind: r.kind })));
		}
		const results = await Promise.all(attempts);
		const won = results.filter((r) => r.kind === 'ok');
		expect(won).toHaveLength(1);
		// Everyone else was refused as having voted (the paper desk says so at the name field).
		expect(results.filter((r) => r.kind === 'already_voted' || (r.channel === 'paper' && r.kind === 'invalid'))).toHaveLength(199);
		expect(await ballots()).toBe(before + (won[0]!.channel === 'paper' ? 0 : 1));
		const otto = await h.db.select().from(voteRegister).where(and(sql`${voteRegister.voterKey} LIKE 'register:%'`, eq(voteRegister.roundId, (await h.db.select({ r: voteRegister.roundId }).from(voteRegister).limit(1))[0]!.r)));
		// Anna, Jan, Eva and Otto: one register row each.
		expect(otto).toHaveLength(4);
		expect(new Set(otto.map((r) => r.voterKey)).size).toBe(4);
		// The kiosks that lost are locked again.
		for (const d of devices) expect((await v.kioskScreen(ROUND, d.token)).kind).toBe('locked');
	});
});
