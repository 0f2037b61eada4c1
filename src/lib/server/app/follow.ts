/**
 * Following and notifications (issue 8: "follow a round, an idea, an organisation or a region; e-mail digests
 * (immediate, daily, weekly) through the outbox; one-click stop without signing in").
 *
 * The notifier reads the event table, so every use case that writes an event is heard without being changed.
 * Exactly-once per person and period (or per person and event for immediate mails) is the primary key of
 * notification_sent, claimed in the transaction that queues the mail (repositories/follow.ts `sendOnce`).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Actor } from '../../core/access/policy.ts';
import type { Db } from '../db/client.ts';
import * as repo from '../db/repositories/follow.ts';
import type { Frequency, Hit, TargetType } from '../db/repositories/follow.ts';
import type { Mail } from '../mail/transport.ts';
import { berlinDay, berlinDayBounds } from './office.ts';

export type { Frequency, TargetType };
export const TARGET_TYPES: readonly TargetType[] = ['round', 'proposal', 'region', 'organisation'];
export const FREQUENCIES: readonly Frequency[] = ['immediate', 'daily', 'weekly'];
export const isTargetType = (s: unknown): s is TargetType => typeof s === 'string' && (TARGET_TYPES as readonly string[]).includes(s);
export const isFrequency = (s: unknown): s is Frequency => typeof s === 'string' && (FREQUENCIES as readonly string[]).includes(s);

// ── One-click stop (RFC 8058) ────────────────────────────────────────────────────────────────────

const CONTEXT = 'kiezbudget/follow-stop/v1\n';
const mac = (secret: string, userId: string) => createHmac('sha256', secret).update(CONTEXT + userId).digest();

/** A token naming the person, signed with the app secret: no stored token, cannot be forged for someone else. */
export function stopToken(secret: string, userId: string): string {
	return `${Buffer.from(userId, 'utf8').toString('base64url')}.${mac(secret, userId).toString('base64url')}`;
}

export function verifyStopToken(secret: string, token: string): string | null {
	if (token.length > 500) return null;
	const [id, sig, ...rest] = token.split('.');
	if (!id || !sig || rest.length > 0) return null;
	const userId = Buffer.from(id, 'base64url').toString('utf8');
	if (!/^[\w-]{1,100}$/.test(userId)) return null;
	const given = Buffer.from(sig, 'base64url');
	const expected = mac(secret, userId);
	return given.length === expected.length && timingSafeEqual(given, expected) ? userId : null;
}

export const STOP_PATH = '/abo-abmelden';
export const stopLink = (origin: string, secret: string, userId: string) => `${origin}${STOP_PATH}?token=${stopToken(secret, userId)}`;

// ── Mails ────────────────────────────────────────────────────────────────────────────────────────

const WHAT: Record<string, [string, string]> = {
	'proposal.submitted': ['Neue Idee', 'New idea'],
	'proposal.status_changed': ['Neuer Stand der Idee', 'New status of the idea'],
	'comment.posted': ['Neuer Kommentar', 'New comment'],
	'round.phase_started': ['Neue Phase', 'New phase'],
	'vote.closed': ['Ergebnis veröffentlicht', 'Result published'],
	'assembly.closed': ['Ergebnis der Versammlung veröffentlicht', 'Result of the assembly published'],
	'record.entry_saved': ['Neuer Termin', 'New date'],
	'record.entry_cancelled': ['Termin abgesagt', 'Date cancelled']
};

export type Line = { type: string; title: string; link: string; note: string | null };

function lineText(l: Line, i: 0 | 1): string {
	const what = WHAT[l.type]?.[i] ?? l.type;
	const note = l.note ? (i === 0 ? `\n  Grund: ${l.note}` : `\n  Reason: ${l.note}`) : '';
	return `- ${what}: ${l.title}${note}\n  ${l.link}`;
}

/** RFC 8058 §3.1: both headers, the HTTPS URL in List-Unsubscribe, and the fixed List-Unsubscribe-Post value. */
export function stopHeaders(stop: string): Record<string, string> {
	return { 'List-Unsubscribe': `<${stop}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' };
}

export function notificationMail(p: { to: string; frequency: Frequency; period: string | null; lines: Line[]; stop: string; settings: string }): Mail {
	const [deHead, enHead] =
		p.frequency === 'immediate'
			? ['Es gibt Neues bei dem, was Sie verfolgen:', 'There is news about what you follow:']
			: p.frequency === 'daily'
				? [`Das ist neu am ${p.period} bei dem, was Sie verfolgen:`, `This is new on ${p.period} in what you follow:`]
				: [`Das ist neu in der Woche ab ${p.period} bei dem, was Sie verfolgen:`, `This is new in the week from ${p.period} in what you follow:`];
	const subject =
		p.frequency === 'immediate' && p.lines[0]
			? `Kiezbudget: ${WHAT[p.lines[0].type]?.[0] ?? 'Neuigkeit'} – ${p.lines[0].title}`
			: `Kiezbudget: ${p.lines.length} Neuigkeiten ${p.frequency === 'daily' ? `am ${p.period}` : `in der Woche ab ${p.period}`}`;
	const text =
		`Hallo,\n\n${deHead}\n\n${p.lines.map((l) => lineText(l, 0)).join('\n')}\n\n` +
		`Was Sie verfolgen und wie oft wir schreiben, ändern Sie hier:\n${p.settings}\n\n` +
		`— English —\n\n${enHead}\n\n${p.lines.map((l) => lineText(l, 1)).join('\n')}\n\n` +
		`Change what you follow and how often we write here:\n${p.settings}\n\n` +
		`--\nKiezbudget\nKeine Benachrichtigungen mehr? Ein Klick genügt, ohne Anmeldung:\nNo more notifications? One click, no sign-in:\n${p.stop}\n`;
	return { to: p.to, subject: subject.slice(0, 200), text, headers: stopHeaders(p.stop) };
}

// ── The notifier ─────────────────────────────────────────────────────────────────────────────────

export type FollowDeps = { db: Db; origin: string; secret: string; kick?: () => void };

/** Immediate mails look back this far, so a server that was down catches up; the keys prevent doubles. */
const IMMEDIATE_WINDOW_MS = 2 * 24 * 3600_000;

/** Monday (YYYY-MM-DD, Berlin calendar) of the week before the one `now` is in. */
export function lastWeekMonday(now: Date): string {
	const today = berlinDay(now);
	const d = new Date(`${today}T12:00:00Z`);
	const dow = (d.getUTCDay() + 6) % 7; // Monday 0
	d.setUTCDate(d.getUTCDate() - dow - 7);
	return d.toISOString().slice(0, 10);
}

const addDays = (day: string, n: number) => {
	const d = new Date(`${day}T12:00:00Z`);
	d.setUTCDate(d.getUTCDate() + n);
	return d.toISOString().slice(0, 10);
};

function linesOf(hs: Hit[], described: Map<number, repo.Described>, origin: string): Line[] {
	const out: Line[] = [];
	for (const h of hs) {
		const d = described.get(h.eventId);
		if (!d) continue;
		const note = h.type === 'record.entry_cancelled' && typeof h.payload.reason === 'string' ? h.payload.reason : null;
		out.push({ type: h.type, title: d.title, link: `${origin}${d.path}`, note });
	}
	return out;
}

export type NotifyResult = { immediate: number; daily: number; weekly: number };

/**
 * One pass: immediate mails for recent events, yesterday's daily digests, last week's weekly digests.
 * Safe to run often and from several processes at once (each mail is claimed once, see sendOnce).
 */
export async function notify(deps: FollowDeps, now: Date): Promise<NotifyResult> {
	const result: NotifyResult = { immediate: 0, daily: 0, weekly: 0 };
	const settings = `${deps.origin}/konto/abos`;
	// Immediate: one mail per person and event.
	const recent = await repo.hits(deps.db, new Date(now.getTime() - IMMEDIATE_WINDOW_MS), now, 'immediate');
	const described = await repo.describe(deps.db, recent);
	for (const h of recent) {
		const lines = linesOf([h], described, deps.origin);
		if (lines.length === 0) continue;
		const stop = stopLink(deps.origin, deps.secret, h.userId);
		const r = await repo.sendOnce(deps.db, { userId: h.userId, email: h.email, key: `event:${h.eventId}`, events: [h.eventId], mail: (to) => notificationMail({ to, frequency: 'immediate', period: null, lines, stop, settings }) }, now);
		if (r === 'sent') result.immediate++;
	}
	// Digests: one mail per person and period, only when something happened.
	const day = berlinDay(new Date(now.getTime() - 24 * 3600_000));
	const monday = lastWeekMonday(now);
	const periods: { frequency: 'daily' | 'weekly'; key: string; label: string; from: Date; to: Date }[] = [
		{ frequency: 'daily', key: `daily:${day}`, label: day, from: berlinDayBounds(day)[0], to: berlinDayBounds(day)[1] },
		{ frequency: 'weekly', key: `weekly:${monday}`, label: monday, from: berlinDayBounds(monday)[0], to: berlinDayBounds(addDays(monday, 7))[0] }
	];
	for (const p of periods) {
		const hs = await repo.hits(deps.db, p.from, p.to, p.frequency, p.key);
		const d = await repo.describe(deps.db, hs);
		const byUser = new Map<string, Hit[]>();
		for (const h of hs) byUser.set(h.userId, [...(byUser.get(h.userId) ?? []), h]);
		for (const [userId, list] of byUser) {
			const lines = linesOf(list, d, deps.origin);
			if (lines.length === 0) continue;
			const stop = stopLink(deps.origin, deps.secret, userId);
			const r = await repo.sendOnce(
				deps.db,
				{ userId, email: list[0]!.email, key: p.key, events: list.map((h) => h.eventId), mail: (to) => notificationMail({ to, frequency: p.frequency, period: p.label, lines, stop, settings }) },
				now
			);
			if (r === 'sent') result[p.frequency]++;
		}
	}
	if (result.immediate + result.daily + result.weekly > 0) deps.kick?.();
	return result;
}

// ── Use cases for the pages ──────────────────────────────────────────────────────────────────────

export type FollowOutcome = { kind: 'ok' } | { kind: 'forbidden' } | { kind: 'not_found' } | { kind: 'invalid' };

export function followService(deps: FollowDeps) {
	const now = () => new Date();
	let timer: ReturnType<typeof setInterval> | undefined;
	let soonTimer: ReturnType<typeof setTimeout> | undefined;
	let running: Promise<unknown> | undefined;
	const tick = () => {
		if (running) return;
		running = notify(deps, now())
			.catch(() => undefined)
			.finally(() => (running = undefined));
	};
	return {
		/** The follow state for a button: null when nobody is signed in. */
		async state(actor: Actor | null, type: TargetType, id: string) {
			if (!actor) return null;
			return (await repo.followOf(deps.db, actor.userId, type, id)) !== null;
		},
		/** The round's button and, for a Kiezkasse with its own LOR region, the region's. */
		async roundButtons(actor: Actor | null, roundId: string) {
			const reg = await repo.regionOfRound(deps.db, roundId);
			return {
				round: await this.state(actor, 'round', roundId),
				region: reg ? { id: reg.id, name: reg.name, following: await this.state(actor, 'region', reg.id) } : null
			};
		},
		async follow(actor: Actor | null, type: unknown, id: unknown, frequency: unknown = 'daily'): Promise<FollowOutcome> {
			if (!actor) return { kind: 'forbidden' };
			if (!isTargetType(type) || typeof id !== 'string' || id.length > 100 || !isFrequency(frequency)) return { kind: 'invalid' };
			if (!(await repo.targetExists(deps.db, type, id))) return { kind: 'not_found' };
			await repo.addFollow(deps.db, actor.userId, type, id, frequency, now());
			return { kind: 'ok' };
		},
		async unfollowTarget(actor: Actor | null, type: unknown, id: unknown): Promise<FollowOutcome> {
			if (!actor) return { kind: 'forbidden' };
			if (!isTargetType(type) || typeof id !== 'string') return { kind: 'invalid' };
			const f = await repo.followOf(deps.db, actor.userId, type, id);
			if (f) await repo.removeFollow(deps.db, actor.userId, f.id);
			return { kind: 'ok' };
		},
		async unfollow(actor: Actor | null, id: unknown): Promise<FollowOutcome> {
			if (!actor) return { kind: 'forbidden' };
			if (typeof id !== 'string' || !/^[0-9a-f-]{36}$/i.test(id)) return { kind: 'invalid' };
			return (await repo.removeFollow(deps.db, actor.userId, id)) ? { kind: 'ok' } : { kind: 'not_found' };
		},
		async setFrequency(actor: Actor | null, id: unknown, frequency: unknown): Promise<FollowOutcome> {
			if (!actor) return { kind: 'forbidden' };
			if (typeof id !== 'string' || !/^[0-9a-f-]{36}$/i.test(id) || !isFrequency(frequency)) return { kind: 'invalid' };
			return (await repo.setFrequency(deps.db, actor.userId, id, frequency)) ? { kind: 'ok' } : { kind: 'not_found' };
		},
		list: (actor: Actor) => repo.followsOf(deps.db, actor.userId),
		/** Who a stop link is for (to show on the confirm page), or null for a forged or cut token. */
		async stopTarget(token: string) {
			const userId = verifyStopToken(deps.secret, token);
			if (!userId) return null;
			const email = await repo.userExists(deps.db, userId);
			return email ? { userId, email } : null;
		},
		/** Ends every follow of the token's person; works without a session (RFC 8058 one-click). */
		async stop(token: string): Promise<{ email: string; removed: number } | null> {
			const t = await this.stopTarget(token);
			if (!t) return null;
			return { email: t.email, removed: await repo.removeAllFollows(deps.db, t.userId) };
		},
		notify: () => notify(deps, now()),
		/**
		 * A pass about a second from now, after a request that may have written an event (hooks.server.ts), so
		 * "immediately" means seconds, not up to the next 30 s tick. A burst of requests causes one pass; other
		 * app servers still find the event on their own tick, and sendOnce keeps each mail single.
		 */
		soon() {
			if (soonTimer) return;
			soonTimer = setTimeout(() => {
				soonTimer = undefined;
				tick();
			}, 1000);
			soonTimer.unref();
		},
		/** Every 30 s: immediate mails go out shortly after the event; digests once per period (keys). */
		start(intervalMs = 30_000) {
			timer ??= setInterval(tick, intervalMs);
			timer.unref();
			tick();
		},
		async stopTimer() {
			if (timer) clearInterval(timer);
			if (soonTimer) clearTimeout(soonTimer);
			timer = undefined;
			soonTimer = undefined;
			await running;
		}
	};
}

export type FollowService = ReturnType<typeof followService>;
