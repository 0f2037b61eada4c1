// Issue 5: the register file of eligible residents — stored only as keyed hashes, an account proves eligibility
// with name, birth date and postcode, one vote per register entry whatever the account, under concurrency.
// PGlite and PostgreSQL.
import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../src/lib/server/db/client.ts';
import { createVoting } from '../../src/lib/server/app/voting.ts';
import { voteSecrets } from '../../src/lib/server/app/voting-secrets.ts';
import { ballot, programme, voteEligible, voteRegister } from '../../src/lib/server/db/schema/index.ts';
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
const CSV = 'Name;Geburtsdatum;PLZ\n"Müller, Anna";07.04.1990;12435\nJan Berg;1985-01-02;12437\nOhne Datum;;12435\nJan Berg;02.01.1985;12437\n';

describe.each(BACKENDS)('register file on %s', (backend) => {
	let h: DbHandle;
	let v: ReturnType<typeof createVoting>;
	let clerk: Actor;
	const account = (): Actor => ({ userId: randomUUID(), emailVerified: true, grants: [] });
	let pid: (t: string) => string;

	beforeAll(async () => {
		h = await openSeededTestDb(backend, NOW);
		h.pool?.on('error', () => {});
		// This round's programme lets everyone with an account vote (whoMayVote "everyone"); the register narrows it.
		await h.db.update(programme).set({ rules: sql`jsonb_set(${programme.rules}, '{whoMayVote}', '"everyone"')` }).where(eq(programme.slug, 'stadtteilbudget'));
		v = createVoting(h.db, secrets, () => NOW);
		const id = randomUUID();
		await ensureUserWithPassword(h.db, { id, email: `cw-${id}@example.org`, pseudonym: `cw ${id.slice(0, 8)}`, passwordHash: 'x', grants: [{ role: 'case_worker', scopeKind: 'district', scopeId: '09' }] }, NOW);
		clerk = { userId: id, emailVerified: true, grants: [{ role: 'case_worker', scope: { kind: 'district', id: '09' } }] };
		const s = await v.state(ROUND);
		if (s.kind !== 'open') throw new Error('not open');
		expect(s.config.identity).toBe('account');
		pid = (t) => s.config.projects.find((p) => p.title.startsWith(t))!.id;
	});
	afterAll(async () => {
		await h.close();
	});

	it('without a register any verified account votes; the upload is staff-only and stores hashes only', async () => {
		expect((await v.cast(ROUND, { actor: account() }, form({ [`p.${pid('Sitzbänke')}`]: 'on' }))).kind).toBe('ok');
		const resident = account();
		expect((await v.uploadRegister(resident, ROUND, CSV)).kind).toBe('forbidden');
		expect((await v.uploadRegister(null, ROUND, CSV)).kind).toBe('forbidden');
		expect(await v.uploadRegister(clerk, ROUND, 'Name;PLZ\nA;12435')).toMatchObject({ kind: 'invalid', errors: { file: 'voting_register_error_columns' } });
		const up = await v.uploadRegister(clerk, ROUND, CSV);
		expect(up).toMatchObject({ kind: 'ok', added: 2, duplicates: 1, skipped: 1, problems: [{ line: 4, reason: 'birthdate' }] });
		expect(await v.uploadRegister(clerk, ROUND, CSV)).toMatchObject({ kind: 'ok', added: 0 });
		const dump = JSON.stringify(await h.db.select().from(voteEligible));
		for (const s of ['ller', 'Anna', 'anna', '1990', '12435', 'berg']) expect(dump).not.toContain(s);
		expect(await v.registerAdmin(clerk, ROUND)).toMatchObject({ kind: 'ok', identity: 'account', entries: 2 });
	});

	it('with a register an account must prove eligibility; a stranger is refused', async () => {
		const me = account();
		expect(await v.cast(ROUND, { actor: me }, form({ [`p.${pid('Sitzbänke')}`]: 'on' }))).toEqual({ kind: 'forbidden', reason: 'register_required' });
		expect(await v.proveEligibility(null, ROUND, form({ name: 'Anna Müller', birthdate: '1990-04-07', postcode: '12435' }))).toMatchObject({ kind: 'forbidden' });
		expect(await v.proveEligibility(me, ROUND, form({ name: 'Anna Müller', birthdate: '31.02.1990', postcode: '12435' }))).toMatchObject({ kind: 'invalid', errors: { birthdate: 'voting_register_error_birthdate' } });
		expect(await v.proveEligibility(me, ROUND, form({ name: 'Eva Fremd', birthdate: '1990-04-07', postcode: '12435' }))).toMatchObject({ kind: 'invalid', errors: { name: 'voting_register_error_unknown' } });
	});

	it('200 concurrent ballots of one register entry from two accounts: exactly one counts', async () => {
		const a1 = await v.proveEligibility(account(), ROUND, form({ name: 'anna MUELLER', birthdate: '7.4.1990', postcode: '12435' }));
		// "Mueller" is not "Müller": the register is exact about names, only case, accents and order are free.
		expect(a1.kind).toBe('invalid');
		const t1 = await v.proveEligibility(account(), ROUND, form({ name: 'müller anna', birthdate: '7.4.1990', postcode: '12435' }));
		const t2 = await v.proveEligibility(account(), ROUND, form({ name: 'Anna Muller', birthdate: '1990-04-07', postcode: '124 35' }));
		if (t1.kind !== 'ok' || t2.kind !== 'ok') throw new Error('no tickets');
		const before = (await h.db.select().from(ballot)).length;
		const results = await Promise.all(Array.from({ length: 200 }, (_, i) => v.cast(ROUND, { ticket: i % 2 ? t1.ticket : t2.ticket }, form({ [`p.${pid('Bücherzelle')}`]: 'on' }))));
		expect(results.filter((r) => r.kind === 'ok')).toHaveLength(1);
		expect(results.filter((r) => r.kind === 'already_voted')).toHaveLength(199);
		expect((await h.db.select().from(ballot)).length).toBe(before + 1);
		expect(await v.proveEligibility(account(), ROUND, form({ name: 'Anna Müller', birthdate: '1990-04-07', postcode: '12435' }))).toMatchObject({ kind: 'invalid', errors: { name: 'voting_register_error_voted' } });
		const reg = await h.db.select().from(voteRegister).where(sql`${voteRegister.voterKey} LIKE 'register:%'`);
		expect(reg).toHaveLength(1);
		// A register ticket does not work in a code vote and a forged ticket not at all.
		expect(await v.cast(ROUND, { ticket: t1.ticket.slice(0, -3) + 'abc' }, form({}))).toEqual({ kind: 'expired' });
	});
});
