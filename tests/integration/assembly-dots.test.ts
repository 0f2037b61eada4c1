// Issue 5: dot voting from phones at a Kiezkassenversammlung — one-time codes stored as hashes, one ballot per
// code under concurrency, points hidden until the close, then added to the paper dots and tallied. PGlite and
// PostgreSQL.
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../src/lib/server/db/client.ts';
import { createAssemblies } from '../../src/lib/server/app/assembly.ts';
import { assemblyDotBallot, assemblyDotCode, proposal, round } from '../../src/lib/server/db/schema/index.ts';
import { ensureUserWithPassword } from '../../src/lib/server/db/repositories/seed.ts';
import type { Actor } from '../../src/lib/core/access/policy.ts';
import { BACKENDS, openSeededTestDb } from '../setup/test-db.ts';

const NOW = new Date('2026-11-23T10:00:00Z');
const ROUND = 'kiezkasse-2026-alt-treptow';
const form = (fields: Record<string, string>) => {
	const f = new FormData();
	for (const [k, v] of Object.entries(fields)) f.set(k, v);
	return f;
};

describe.each(BACKENDS)('dot voting from phones on %s', (backend) => {
	let h: DbHandle;
	let a: ReturnType<typeof createAssemblies>;
	let kiezpatin: Actor;
	let id: string;
	let codes: string[] = [];
	const ideas: Record<string, string> = {};

	beforeAll(async () => {
		h = await openSeededTestDb(backend, NOW);
		h.pool?.on('error', () => {});
		a = createAssemblies(h.db, () => NOW);
		const uid = randomUUID();
		await ensureUserWithPassword(h.db, { id: uid, email: `kp-${uid}@example.org`, pseudonym: `Kiezpatin ${uid.slice(0, 6)}`, passwordHash: 'x', grants: [{ role: 'moderator', scopeKind: 'region', scopeId: '091001' }] }, NOW);
		kiezpatin = { userId: uid, emailVerified: true, grants: [{ role: 'moderator', scope: { kind: 'region', id: '091001', districtId: '09' } }] };
		const [r] = await h.db.select().from(round).where(eq(round.slug, ROUND));
		for (const [title, cents] of [
			['Hochbeete am Spielplatz', 120_000],
			['Nachbarschaftsfest im Hof', 90_000],
			['Bank am Ufer', 60_000]
		] as const) {
			const [p] = await h.db.insert(proposal).values({ roundId: r!.id, title, description: 'Beispiel', channel: 'online', status: 'eligible', requestedCents: cents, submittedAt: NOW, confirmedAt: NOW }).returning({ id: proposal.id });
			ideas[title] = p!.id;
		}
		const made = await a.create(kiezpatin, ROUND, form({ date: '2026-06-14', time: '18:30', place: 'Kiezklub', method: 'dots', points: '3', electorate: 'everyone_present' }));
		if (made.kind !== 'ok') throw new Error(`no assembly: ${JSON.stringify(made)}`);
		id = made.id;
	});
	afterAll(async () => {
		await h.close();
	});

	it('makes one-time codes for the door, only for the moderator, stored as hashes', async () => {
		const other: Actor = { userId: 'x', emailVerified: true, grants: [{ role: 'moderator', scope: { kind: 'region', id: '094015', districtId: '09' } }] };
		expect((await a.dotCodes(other, id, form({ count: '2' }))).kind).toBe('forbidden');
		expect((await a.dotCodes(null, id, form({ count: '2' }))).kind).toBe('forbidden');
		expect(await a.dotCodes(kiezpatin, id, form({ count: '0' }))).toMatchObject({ kind: 'invalid', errors: { count: 'assembly_dots_error_count' } });
		const made = await a.dotCodes(kiezpatin, id, form({ count: '4' }));
		if (made.kind !== 'ok') throw new Error('no codes');
		codes = made.codes;
		expect(new Set(codes).size).toBe(4);
		const stored = JSON.stringify(await h.db.select().from(assemblyDotCode));
		for (const c of codes) expect(stored).not.toContain(c.replaceAll('-', '').slice(0, 8));
		expect(await a.dotStatus(kiezpatin, id)).toEqual({ issued: 4, ballots: 0 });
	});

	it('takes points only while the assembly runs, k points at most, one ballot per code under concurrency', async () => {
		const hoch = ideas['Hochbeete am Spielplatz']!;
		const fest = ideas['Nachbarschaftsfest im Hof']!;
		expect(await a.castDots(id, form({ code: codes[0]!, [`p.${hoch}`]: '3' }))).toEqual({ kind: 'not_running' });
		expect((await a.start(kiezpatin, id)).kind).toBe('ok');
		const tooMany = await a.castDots(id, form({ code: codes[0]!, [`p.${hoch}`]: '3', [`p.${fest}`]: '1' }));
		expect(tooMany).toMatchObject({ kind: 'invalid', problems: [{ kind: 'too_many_points', points: 4, max: 3 }], values: { [hoch]: '3', [fest]: '1' } });
		expect(await a.castDots(id, form({ code: 'ABCD', [`p.${hoch}`]: '1' }))).toMatchObject({ kind: 'invalid', errors: { code: 'assembly_dots_error_code' } });
		expect(await a.castDots(id, form({ code: codes[0]! }))).toMatchObject({ kind: 'invalid', errors: { form: 'assembly_dots_error_empty' } });
		expect(await a.castDots(id, form({ code: 'ABCD-EFGH-JKMN-PQRS-TUVW-XYZ2', [`p.${hoch}`]: '1' }))).toMatchObject({ kind: 'invalid', errors: { code: 'assembly_dots_error_unknown' } });
		const results = await Promise.all(Array.from({ length: 200 }, () => a.castDots(id, form({ code: codes[0]!.toLowerCase(), [`p.${hoch}`]: '2', [`p.${fest}`]: '1' }))));
		expect(results.filter((r) => r.kind === 'ok')).toHaveLength(1);
		expect(results.filter((r) => r.kind === 'invalid' && r.errors.code === 'assembly_dots_error_used')).toHaveLength(199);
		expect(await h.db.select().from(assemblyDotBallot)).toHaveLength(1);
		expect((await a.castDots(id, form({ code: codes[1]!, [`p.${fest}`]: '3' }))).kind).toBe('ok');
		// The ballot rows hold points only — no code, no time.
		expect(Object.keys((await h.db.select().from(assemblyDotBallot))[0]!).sort()).toEqual(['assemblyId', 'id', 'points']);
	});

	it('hides phone points until the close, then adds them to the paper dots for the funded list', async () => {
		const hoch = ideas['Hochbeete am Spielplatz']!;
		const fest = ideas['Nachbarschaftsfest im Hof']!;
		for (let i = 0; i < 5; i++) await a.countIn(kiezpatin, id, 'resident');
		// Paper dots typed in by the moderator: 1 for the Hochbeete.
		expect((await a.record(kiezpatin, id, form({ proposal: hoch, [`${hoch}-points`]: '1', [`${hoch}-approved`]: '1200' }))).kind).toBe('ok');
		const before = await a.publicView(id);
		expect(before!.items.find((i) => i.id === fest)!.entry).toBeNull();
		expect(before!.items.find((i) => i.id === hoch)!.entry).toMatchObject({ points: 1 });
		expect(await a.dotStatus(kiezpatin, id)).toEqual({ issued: 4, ballots: 2 });
		expect((await a.close(kiezpatin, id)).kind).toBe('ok');
		expect(await a.castDots(id, form({ code: codes[2]!, [`p.${hoch}`]: '1' }))).toEqual({ kind: 'not_running' });
		const after = await a.publicView(id);
		expect(after!.items.find((i) => i.id === hoch)!.entry).toMatchObject({ kind: 'dots', points: 3 });
		expect(after!.items.find((i) => i.id === fest)!.entry).toMatchObject({ kind: 'dots', points: 4, approvedCents: 90_000 });
		expect(after!.items.find((i) => i.id === fest)!.outcome).toBe('funded');
		const [p] = await h.db.select({ status: proposal.status }).from(proposal).where(eq(proposal.id, fest));
		expect(p!.status).toBe('approved');
	});
});
