// Issue 8: following and notifications. Immediate mails and daily/weekly digests go out exactly once per
// person and event or period, also when several runs (app servers, the CLI) work at the same time; only to
// confirmed addresses that did not opt out; each with a one-click stop (RFC 8058) that works without a session.
import { randomUUID } from 'node:crypto';
import { and, eq, isNull, ne, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../src/lib/server/db/client.ts';
import { followService, notify, stopToken, verifyStopToken } from '../../src/lib/server/app/follow.ts';
import { appendEvent } from '../../src/lib/server/db/repositories/events.ts';
import { cancelEntry, deleteEntry, entries, insertEntry } from '../../src/lib/server/db/repositories/record.ts';
import { follow, mailOptOut, outbox, proposal, round, user } from '../../src/lib/server/db/schema/index.ts';
import { BACKENDS, openSeededTestDb } from '../setup/test-db.ts';

const T0 = new Date('2026-11-24T09:00:00Z'); // a Tuesday
const H = 3600_000;
const ORIGIN = 'https://kiez.example';
const SECRET = 'follow-test-secret-that-is-long-enough-0123456789';
type M = { to: string; subject: string; text: string; headers: Record<string, string> };

describe.each(BACKENDS)('following and notifications on %s', (backend) => {
	let h: DbHandle;
	let roundId: string;
	let regionId: string;
	let districtId: string;
	let ideaId: string;
	const ids: Record<string, string> = {};
	const deps = () => ({ db: h.db, origin: ORIGIN, secret: SECRET });
	const mails = async (): Promise<M[]> => (await h.db.select().from(outbox)).map((o) => o.payload as M);
	const mailsTo = async (who: string) => (await mails()).filter((m) => m.to === `${who}@follow.example`);

	beforeAll(async () => {
		h = await openSeededTestDb(backend, new Date('2026-11-20T10:00:00Z'));
		const [p] = await h.db
			.select({ id: proposal.id, roundId: proposal.roundId, regionId: round.regionId, districtId: sql<string>`(SELECT district_id FROM programme WHERE id = ${round.programmeId})` })
			.from(proposal)
			.innerJoin(round, eq(round.id, proposal.roundId))
			.where(and(sql`${round.regionId} IS NOT NULL`, ne(proposal.status, 'draft'), ne(proposal.status, 'unconfirmed'), ne(proposal.status, 'withdrawn'), isNull(proposal.mergedIntoId)))
			.limit(1);
		ideaId = p!.id;
		roundId = p!.roundId;
		regionId = p!.regionId!;
		districtId = p!.districtId;
		for (const [name, verified] of [['idea', true], ['round', true], ['region', true], ['unverified', false], ['optout', true], ['author', true]] as const) {
			const id = randomUUID();
			ids[name] = id;
			await h.db.insert(user).values({ id, name, email: `${name}@follow.example`, emailVerified: verified, pseudonym: `follow-${name}-${id.slice(0, 6)}` });
		}
		await h.db.insert(mailOptOut).values({ email: 'optout@follow.example', at: T0 });
	});
	afterAll(async () => {
		await h?.close();
	});

	it('refuses follows of unknown things and anonymous follows; follows once', async () => {
		const s = followService(deps());
		const actor = (name: string) => ({ userId: ids[name]!, emailVerified: true, grants: [] }) as never;
		expect((await s.follow(null, 'proposal', ideaId)).kind).toBe('forbidden');
		expect((await s.follow(actor('idea'), 'proposal', randomUUID())).kind).toBe('not_found');
		expect((await s.follow(actor('idea'), 'planet', ideaId)).kind).toBe('invalid');
		expect((await s.follow(actor('idea'), 'proposal', ideaId, 'hourly')).kind).toBe('invalid');
		expect(await s.state(actor('idea'), 'proposal', ideaId)).toBe(false);
		// Follow before the events below (created_at is "now" of the follow call; events come later).
		await h.db.insert(follow).values([
			{ userId: ids.idea!, targetType: 'proposal', targetId: ideaId, frequency: 'immediate', createdAt: new Date(T0.getTime() - H) },
			{ userId: ids.unverified!, targetType: 'proposal', targetId: ideaId, frequency: 'immediate', createdAt: new Date(T0.getTime() - H) },
			{ userId: ids.optout!, targetType: 'proposal', targetId: ideaId, frequency: 'immediate', createdAt: new Date(T0.getTime() - H) },
			{ userId: ids.author!, targetType: 'proposal', targetId: ideaId, frequency: 'immediate', createdAt: new Date(T0.getTime() - H) },
			{ userId: ids.round!, targetType: 'round', targetId: roundId, frequency: 'daily', createdAt: new Date(T0.getTime() - H) },
			{ userId: ids.region!, targetType: 'region', targetId: regionId, frequency: 'weekly', createdAt: new Date(T0.getTime() - H) }
		]);
		expect(await s.state(actor('idea'), 'proposal', ideaId)).toBe(true);
		expect((await s.follow(actor('idea'), 'proposal', ideaId, 'weekly')).kind).toBe('ok');
		expect((await s.list(actor('idea'))).map((f) => f.frequency)).toEqual(['immediate']);
	});

	it('sends an immediate mail once per follower and event, even with concurrent runs', async () => {
		// A comment by the author on the followed idea, and a new phase of the round.
		await appendEvent(h.db, { type: 'comment.posted', actorId: ids.author!, subject: { type: 'comment', id: randomUUID() }, districtId, payload: { proposalId: ideaId, parentId: null } }, T0);
		await appendEvent(h.db, { type: 'round.phase_started', actorId: null, subject: { type: 'round', id: roundId }, districtId, payload: { key: 'vote', ended: ['ideas'] } }, new Date(T0.getTime() + H));
		const at = new Date(T0.getTime() + 2 * H);
		const runs = await Promise.all([notify(deps(), at), notify(deps(), at), notify(deps(), at)]);
		expect(runs.reduce((n, r) => n + r.immediate, 0)).toBe(1);
		await notify(deps(), new Date(at.getTime() + H));
		const mine = await mailsTo('idea');
		expect(mine).toHaveLength(1);
		expect(mine[0]!.text).toContain(`${ORIGIN}/idee/${ideaId}`);
		// RFC 8058 §3.1: an HTTPS URI in List-Unsubscribe and exactly this List-Unsubscribe-Post value.
		expect(mine[0]!.headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
		expect(mine[0]!.headers['List-Unsubscribe']).toBe(`<${ORIGIN}/abo-abmelden?token=${stopToken(SECRET, ids.idea!)}>`);
		// Unconfirmed address, opted-out address, and the one who wrote the comment get nothing.
		expect(await mailsTo('unverified')).toHaveLength(0);
		expect(await mailsTo('optout')).toHaveLength(0);
		expect(await mailsTo('author')).toHaveLength(0);
		// Digest followers get nothing before their period has ended.
		expect(await mailsTo('round')).toHaveLength(0);
		expect(await mailsTo('region')).toHaveLength(0);
	});

	it('sends each daily digest once per person and day, with every event of that day', async () => {
		const next = new Date('2026-11-25T07:00:00Z');
		const runs = await Promise.all([notify(deps(), next), notify(deps(), next), notify(deps(), next), notify(deps(), next)]);
		expect(runs.reduce((n, r) => n + r.daily, 0)).toBe(1);
		await notify(deps(), new Date(next.getTime() + 5 * H));
		const digest = await mailsTo('round');
		expect(digest).toHaveLength(1);
		expect(digest[0]!.subject).toContain('2026-11-24');
		expect(digest[0]!.text).toContain('Neue Phase');
		expect(digest[0]!.headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
	});

	it('tells region followers of a cancelled date in the weekly digest, once, with the reason', async () => {
		const entryId = await insertEntry(
			h.db,
			districtId,
			{ kind: 'info_event', title: 'Infoabend Kiezkasse', description: '', placeName: 'Nachbarschaftshaus', address: 'Dörpfeldstraße 54', lat: null, lng: null, startsAt: new Date('2026-12-10T17:00:00Z'), endsAt: new Date('2026-12-10T19:00:00Z'), roundId: null, regionId, season: null },
			ids.author!,
			new Date(T0.getTime() + 3 * H)
		);
		const cancels = await Promise.all([
			cancelEntry(h.db, entryId, districtId, 'Der Raum ist nicht verfügbar.', ids.author!, new Date(T0.getTime() + 4 * H)),
			cancelEntry(h.db, entryId, districtId, 'Zweiter Versuch', ids.author!, new Date(T0.getTime() + 4 * H))
		]);
		// Two staff cancel at once: one wins, the other is told it is already cancelled.
		expect([...cancels].sort()).toEqual(['already', 'ok']);
		const reason = cancels[0] === 'ok' ? 'Der Raum ist nicht verfügbar.' : 'Zweiter Versuch';
		const [e] = await entries(h.db, districtId, { id: entryId });
		expect(e!.cancelReason).toBe(reason);
		expect(e!.sequence).toBe(1);
		// The week of 23–29 November is over on Monday 30 November.
		const monday = new Date('2026-11-30T08:00:00Z');
		const runs = await Promise.all([notify(deps(), monday), notify(deps(), monday)]);
		expect(runs.reduce((n, r) => n + r.weekly, 0)).toBe(1);
		await notify(deps(), new Date(monday.getTime() + 24 * H));
		const weekly = await mailsTo('region');
		expect(weekly).toHaveLength(1);
		expect(weekly[0]!.text).toContain('Termin abgesagt: Infoabend Kiezkasse');
		expect(weekly[0]!.text).toContain(reason);
		expect(weekly[0]!.text).toContain('Neue Phase');
		// A mistaken entry can be deleted; it is gone from the calendar.
		expect(await deleteEntry(h.db, entryId, districtId, ids.author!, monday)).toBe('ok');
		expect(await entries(h.db, districtId, { id: entryId })).toHaveLength(0);
		expect(await deleteEntry(h.db, entryId, districtId, ids.author!, monday)).toBe('not_found');
	});

	it('stops every follow of the token owner without a session; forged tokens do nothing', async () => {
		const s = followService(deps());
		const good = stopToken(SECRET, ids.round!);
		expect(verifyStopToken(SECRET, good)).toBe(ids.round);
		const forged = `${Buffer.from(ids.region!).toString('base64url')}.${good.split('.')[1]}`;
		expect(verifyStopToken(SECRET, forged)).toBeNull();
		expect(await s.stop(forged)).toBeNull();
		expect(await s.stop(stopToken('another-secret-another-secret-another-secret', ids.round!))).toBeNull();
		expect(await s.stop(good)).toEqual({ email: 'round@follow.example', removed: 1 });
		expect(await h.db.select().from(follow).where(eq(follow.userId, ids.round!))).toHaveLength(0);
		// The region follower still follows.
		expect(await h.db.select().from(follow).where(eq(follow.userId, ids.region!))).toHaveLength(1);
	});
});
