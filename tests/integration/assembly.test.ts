// Issue 5: the Kiezkassenversammlung — agenda, attendance at the door, live entry that cannot double count, the
// close with the funded list, statuses, events and the minutes PDF (read back with pdftotext). PGlite and PostgreSQL.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../src/lib/server/db/client.ts';
import { createAssemblies } from '../../src/lib/server/app/assembly.ts';
import { assembly, assemblyCard, event, proposal, proposalStatus, round } from '../../src/lib/server/db/schema/index.ts';
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

function pdfText(pdf: Uint8Array): string {
	const dir = mkdtempSync(join(tmpdir(), 'kb-minutes-'));
	try {
		writeFileSync(join(dir, 'm.pdf'), pdf);
		return execFileSync('pdftotext', ['-layout', join(dir, 'm.pdf'), '-'], { encoding: 'utf8' });
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}

describe.each(BACKENDS)('Kiezkassenversammlung on %s', (backend) => {
	let h: DbHandle;
	let a: ReturnType<typeof createAssemblies>;
	let kiezpatin: Actor;
	let otherPatin: Actor;
	let roundId: string;
	let budgetCents: number;
	let id: string;
	const ideas: Record<string, string> = {};

	beforeAll(async () => {
		h = await openSeededTestDb(backend, NOW);
		a = createAssemblies(h.db, () => NOW);
		const mk = async (region: string) => {
			const uid = randomUUID();
			await ensureUserWithPassword(h.db, { id: uid, email: `kp-${uid}@example.org`, pseudonym: `Kiezpatin ${uid.slice(0, 6)}`, passwordHash: 'x', grants: [{ role: 'moderator', scopeKind: 'region', scopeId: region }] }, NOW);
			return { userId: uid, emailVerified: true, grants: [{ role: 'moderator' as const, scope: { kind: 'region' as const, id: region, districtId: '09' } }] };
		};
		kiezpatin = await mk('091001');
		otherPatin = await mk('094015');
		const [r] = await h.db.select().from(round).where(eq(round.slug, ROUND));
		roundId = r!.id;
		budgetCents = Number(r!.budgetCents);
		// Two ideas found eligible in the review, and one still under review (not on the agenda).
		for (const [title, cents, status] of [
			['Hochbeete am Spielplatz', 120_000, 'eligible'],
			['Nachbarschaftsfest im Hof', 90_000, 'eligible'],
			['Noch in Prüfung', 50_000, 'under_review']
		] as const) {
			const [p] = await h.db
				.insert(proposal)
				.values({ roundId, title, description: 'Beispiel', channel: 'online', status, requestedCents: cents, submittedAt: NOW, confirmedAt: NOW })
				.returning({ id: proposal.id });
			ideas[title] = p!.id;
		}
	});
	afterAll(async () => {
		await h.close();
	});

	it('refuses residents and the Kiezpatin of another region', async () => {
		const resident: Actor = { userId: 'r', emailVerified: true, grants: [{ role: 'resident', scope: { kind: 'platform' } }] };
		expect((await a.ofRound(null, ROUND)).kind).toBe('forbidden');
		expect((await a.ofRound(resident, ROUND)).kind).toBe('forbidden');
		expect((await a.ofRound(otherPatin, ROUND)).kind).toBe('forbidden');
		expect((await a.create(otherPatin, ROUND, form({}))).kind).toBe('forbidden');
		expect((await a.ofRound(kiezpatin, ROUND)).kind).toBe('ok');
	});

	it('opens a sitting with the eligible ideas on the agenda; bad input names the fields', async () => {
		const bad = await a.create(kiezpatin, ROUND, form({ date: '2026-13-45', time: '7', place: '', method: 'dots', points: '50', electorate: 'x' }));
		expect(bad).toMatchObject({ kind: 'invalid', errors: { date: 'assembly_error_date', time: 'assembly_error_time', place: 'assembly_error_place', points: 'assembly_error_points', electorate: 'assembly_error_electorate' }, values: { place: '', points: '50' } });
		const made = await a.create(kiezpatin, ROUND, form({ date: '2026-06-14', time: '18:30', place: 'Kiezklub Alt-Treptow', method: 'yes_no', majority: 'cast', electorate: 'residents_present' }));
		expect(made.kind).toBe('ok');
		if (made.kind !== 'ok') return;
		id = made.id;
		const v = await a.view(kiezpatin, id);
		expect(v.kind).toBe('ok');
		if (v.kind !== 'ok') return;
		// Berlin summer time: 18:30 local is 16:30 UTC.
		expect(v.snapshot.heldAt).toBe('2026-06-14T16:30:00.000Z');
		expect(v.snapshot.items.map((i) => i.title).sort()).toEqual(['Hochbeete am Spielplatz', 'Nachbarschaftsfest im Hof']);
		expect(v.snapshot.budgetCents).toBe(budgetCents);
		expect((await a.view(otherPatin, id)).kind).toBe('forbidden');
	});

	it('adds an idea brought in on the spot as a proposal of channel "assembly", entered by the Kiezpatin', async () => {
		expect(await a.addIdea(kiezpatin, id, form({ title: 'x', amount: 'viel', proposer: '' }))).toMatchObject({
			kind: 'invalid',
			errors: { title: 'assembly_error_title', amount: 'assembly_error_amount', proposer: 'assembly_error_proposer' }
		});
		expect((await a.addIdea(kiezpatin, id, form({ title: 'Bücherschrank am Platz', amount: '400', proposer: 'Frau K.' }))).kind).toBe('ok');
		const [p] = await h.db.select().from(proposal).where(and(eq(proposal.roundId, roundId), eq(proposal.title, 'Bücherschrank am Platz')));
		expect(p).toMatchObject({ channel: 'assembly', assistedBy: kiezpatin.userId, requestedCents: 40_000, status: 'presented' });
		expect(p!.description).toContain('Frau K.');
		ideas['Bücherschrank am Platz'] = p!.id;
	});

	it('counts every +1 at the door exactly once, even when pressed at the same time on several devices', async () => {
		await Promise.all([
			...Array.from({ length: 24 }, () => a.countIn(kiezpatin, id, 'resident')),
			...Array.from({ length: 6 }, () => a.countIn(kiezpatin, id, 'other'))
		]);
		expect((await a.countIn(kiezpatin, id, 'mayor')).kind).toBe('invalid');
		expect((await a.countIn(otherPatin, id, 'resident')).kind).toBe('forbidden');
		const v = await a.view(kiezpatin, id);
		expect(v.kind === 'ok' && v.snapshot.attendance).toEqual({ residents: 24, others: 6 });
		expect(v.kind === 'ok' && v.snapshot.eligible).toBe(24);
	});

	it('stores attendee cards without identity, keeping only known answers', async () => {
		expect((await a.addCard(kiezpatin, id, form({ age: '27_44', gender: 'prefer_not_to_say', migration: 'martian', name: 'Erika' }))).kind).toBe('ok');
		expect((await a.addCard(kiezpatin, id, form({ age: 'nonsense' }))).kind).toBe('invalid');
		const cards = await h.db.select().from(assemblyCard).where(eq(assemblyCard.assemblyId, id));
		expect(cards.map((c) => c.answers)).toEqual([{ age: '27_44', gender: 'prefer_not_to_say' }]);
	});

	it('locks the method at the start', async () => {
		expect((await a.record(kiezpatin, id, form({ proposal: ideas['Hochbeete am Spielplatz']!, yes: '3' }))).kind).toBe('conflict');
		expect((await a.changeMethod(kiezpatin, id, form({ date: '2026-06-14', time: '18:00', place: 'Kiezklub Alt-Treptow', method: 'yes_no', majority: 'cast', electorate: 'residents_present' }))).kind).toBe('ok');
		expect((await a.start(kiezpatin, id)).kind).toBe('ok');
		expect((await a.start(kiezpatin, id)).kind).toBe('conflict');
		expect(await a.changeMethod(kiezpatin, id, form({ date: '2026-06-14', time: '18:00', place: 'Kiezklub', method: 'dots', points: '3', electorate: 'everyone_present' }))).toEqual({ kind: 'conflict', reason: 'started' });
		const [p] = await h.db.select().from(proposal).where(eq(proposal.id, ideas['Hochbeete am Spielplatz']!));
		expect(p!.status).toBe('presented');
	});

	it('refuses more votes than residents present and an amount above the request, with the numbers', async () => {
		const hoch = ideas['Hochbeete am Spielplatz']!;
		expect(await a.record(kiezpatin, id, form({ proposal: hoch, [`${hoch}-yes`]: '20', [`${hoch}-no`]: '4', [`${hoch}-abstain`]: '1' }))).toMatchObject({
			kind: 'invalid',
			errors: { yes: 'assembly_error_too_many_votes' },
			params: { eligible: 24 }
		});
		expect(await a.record(kiezpatin, id, form({ proposal: hoch, yes: '20', approved: '1.500' }))).toMatchObject({
			kind: 'invalid',
			errors: { approved: 'assembly_error_above_requested' },
			params: { requestedCents: 120_000 }
		});
		expect((await a.record(kiezpatin, id, form({ proposal: randomUUID(), yes: '1' }))).kind).toBe('not_found');
	});

	it('applies concurrent entries for one proposal one after the other: the counts are replaced, never added', async () => {
		const hoch = ideas['Hochbeete am Spielplatz']!;
		const entries = Array.from({ length: 12 }, (_, i) => ({ yes: 10 + i, no: 2 }));
		const out = await Promise.all(entries.map((e) => a.record(kiezpatin, id, form({ proposal: hoch, yes: String(e.yes), no: String(e.no), approved: '1000' }))));
		expect(out.every((o) => o.kind === 'ok')).toBe(true);
		const v = await a.view(kiezpatin, id);
		if (v.kind !== 'ok') throw new Error('view');
		const item = v.snapshot.items.find((i) => i.id === hoch)!;
		expect(item.entry?.kind).toBe('yes_no');
		if (item.entry?.kind !== 'yes_no') return;
		expect(entries.map((e) => e.yes)).toContain(item.entry.yes);
		expect(item.entry.no).toBe(2);
		// Settle on the counts the room agreed on.
		expect((await a.record(kiezpatin, id, form({ proposal: hoch, yes: '18', no: '3', abstain: '2', approved: '1000' }))).kind).toBe('ok');
		expect((await a.record(kiezpatin, id, form({ proposal: ideas['Nachbarschaftsfest im Hof']!, yes: '5', no: '15', abstain: '4' }))).kind).toBe('ok');
		expect((await a.record(kiezpatin, id, form({ proposal: ideas['Bücherschrank am Platz']!, yes: '20', no: '1', abstain: '0', approved: '350,50' }))).kind).toBe('ok');
		const live = await a.publicView(id);
		expect(live?.spentCents).toBe(100_000 + 35_050);
		expect(live?.remainingCents).toBe(budgetCents - 135_050);
	});

	it('takes back a mistaken +1 only while the recorded votes still fit the people present', async () => {
		// 24 residents; "Nachbarschaftsfest" has 5 + 15 + 4 = 24 votes recorded.
		expect(await a.countOut(kiezpatin, id, 'resident')).toEqual({ kind: 'conflict', reason: 'votes' });
		expect((await a.countIn(kiezpatin, id, 'resident')).kind).toBe('ok');
		expect(await a.countOut(kiezpatin, id, 'resident')).toEqual({ kind: 'ok', residents: 24, others: 6 });
		// People from elsewhere do not vote here (residents only), so they can always be taken back.
		expect(await a.countOut(kiezpatin, id, 'other')).toEqual({ kind: 'ok', residents: 24, others: 5 });
		expect((await a.countOut(otherPatin, id, 'other')).kind).toBe('forbidden');
		expect((await a.countIn(kiezpatin, id, 'other')).kind).toBe('ok');
	});

	it('closes: the funded list, statuses with history and events, the minutes as a PDF', async () => {
		expect((await a.close(otherPatin, id)).kind).toBe('forbidden');
		expect((await a.close(kiezpatin, id)).kind).toBe('ok');
		expect(await a.close(kiezpatin, id)).toEqual({ kind: 'conflict', reason: 'closed' });
		expect((await a.record(kiezpatin, id, form({ proposal: ideas['Bücherschrank am Platz']!, yes: '1' }))).kind).toBe('conflict');
		expect((await a.countIn(kiezpatin, id, 'resident')).kind).toBe('conflict');

		const ps = await h.db.select().from(proposal).where(inArray(proposal.id, Object.values(ideas)));
		const status = Object.fromEntries(ps.map((p) => [p.title, p.status]));
		expect(status).toEqual({ 'Hochbeete am Spielplatz': 'approved', 'Nachbarschaftsfest im Hof': 'rejected', 'Bücherschrank am Platz': 'approved', 'Noch in Prüfung': 'under_review' });
		const history = await h.db.select().from(proposalStatus).where(eq(proposalStatus.proposalId, ideas['Nachbarschaftsfest im Hof']!));
		expect(history.map((x) => x.status)).toEqual(['presented', 'rejected']);
		const events = await h.db.select().from(event).where(eq(event.type, 'assembly.closed'));
		expect(events).toHaveLength(1);
		expect(events[0]!.payload).toMatchObject({ assemblyId: id, spentCents: 135_050, remainingCents: budgetCents - 135_050 });
		const [row] = await h.db.select().from(assembly).where(eq(assembly.id, id));
		expect(row!.result).toMatchObject({ fundedCents: { [ideas['Hochbeete am Spielplatz']!]: 100_000, [ideas['Bücherschrank am Platz']!]: 35_050 } });

		const file = await a.minutes(id);
		expect(file).not.toBeNull();
		const text = pdfText(file!.pdf).replace(/\s+/g, ' ');
		for (const s of [
			'Protokoll der Kiezkassenversammlung',
			'Kiezklub Alt-Treptow',
			'Anwohnende der Bezirksregion: 24',
			'Weitere Anwesende: 6',
			'Davon stimmberechtigt: 24',
			'Hochbeete am Spielplatz',
			'18 Ja, 3 Nein, 2 Enthaltungen',
			'Beschlossener Betrag: 1.000,00 €',
			'Nachbarschaftsfest im Hof',
			'Ergebnis: abgelehnt',
			'Beschlossener Betrag: –',
			'Bücherschrank am Platz',
			'in der Versammlung eingebracht',
			'Gefördert insgesamt: 1.350,50 €',
			'weiteren Versammlung',
			'Unterschrift'
		])
			expect(text).toContain(s);
	});

	it('a second sitting distributes what the first left', async () => {
		const r = await a.ofRound(kiezpatin, ROUND);
		expect(r.kind === 'ok' && r.availableCents).toBe(budgetCents - 135_050);
		const made = await a.create(kiezpatin, ROUND, form({ date: '2026-08-30', time: '18:00', place: 'Kiezklub', method: 'dots', points: '3', electorate: 'everyone_present' }));
		if (made.kind !== 'ok') throw new Error('create');
		const v = await a.view(kiezpatin, made.id);
		expect(v.kind === 'ok' && v.snapshot.sitting).toBe(2);
		expect(v.kind === 'ok' && v.snapshot.budgetCents).toBe(budgetCents - 135_050);
		// The closed sitting's ideas are not put on the agenda again.
		expect(v.kind === 'ok' && v.snapshot.items).toEqual([]);
		const pub = await a.publicOfRound(ROUND);
		expect(pub?.sittings.map((s) => [s.sitting, s.state, s.hasMinutes])).toEqual([
			[1, 'closed', true],
			[2, 'preparing', false]
		]);
	});
});
