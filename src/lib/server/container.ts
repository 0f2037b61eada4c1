/**
 * Composition root (ARCHITECTURE.md): wires the database, auth, mail and the ports the use cases need.
 * Used by hooks.server.ts and by the CLI; nothing else constructs these.
 */
import { config as readConfig, type Config } from './config.ts';
import * as ideaCases from './app/ideas.ts';
import type { IdeaGate, SubmitOutcome } from './app/ideas.ts';
import type { Actor } from '../core/access/policy.ts';
import { openDb, type DbHandle } from './db/client.ts';
import { createAuth, type Auth } from './auth/auth.ts';
import { sessionUser as toSessionUser, type SessionUser } from './auth/session.ts';
import { createTransport, type Mail } from './mail/transport.ts';
import { OutboxWorker } from './mail/outbox-worker.ts';
import { createPublicRead } from './db/read/public-read.ts';
import { createAdminRead } from './db/read/admin-read.ts';
import { createCalendarRead } from './db/read/calendar-read.ts';
import { createEvaluationRead } from './db/read/evaluation-read.ts';
import type { EvaluationPort } from './app/evaluation.ts';
import type { CalendarReadPort } from './app/calendar.ts';
import { enqueueOutbox, claimOutbox, finishOutbox, failOutbox } from './db/repositories/outbox.ts';
import { loadGrants, pseudonymTaken } from './db/repositories/users.ts';
import type { PublicReadPort } from './app/public-read.ts';
import type { AdminReadPort } from './app/admin-start.ts';
import { seedDemo } from './app/seed.ts';
import { officeService, type OfficeService } from './app/office.ts';
import { createVoting, type Voting } from './app/voting.ts';
import { voteSecrets } from './app/voting-secrets.ts';
import { programmesService, type ProgrammesService } from './app/programmes.ts';
import { createEngage, type Engage } from './app/engage.ts';
import { createAssemblies, type Assemblies } from './app/assembly.ts';
import { createGrants, type Grants } from './app/grants.ts';
import { dataCipher } from './crypto/data-key.ts';
import { createSettlement, type SettlementService } from './app/settlement.ts';
import { recordService, type RecordService } from './app/record.ts';
import { orgsService, type OrgsService } from './app/orgs.ts';
import { followService, type FollowService } from './app/follow.ts';
import { log } from './log.ts';

export type Container = {
	config: Config;
	databaseKind: 'pglite' | 'pg';
	handle: DbHandle;
	auth: Auth;
	publicRead: PublicReadPort;
	adminRead: AdminReadPort;
	calendarRead: CalendarReadPort;
	evaluation: EvaluationPort;
	users: { pseudonymTaken(pseudonym: string): Promise<boolean> };
	/** Ideas (issue 4): the database is bound here so routes never see it (ARCHITECTURE dependency rule). */
	ideas: {
		gate(slug: string): Promise<IdeaGate>;
		submit(actor: Actor | null, slug: string, form: FormData, locale?: 'de' | 'en'): Promise<SubmitOutcome>;
		organisations(actor: Actor | null): ReturnType<typeof ideaCases.organisationsOf>;
		mine(actor: Actor | null): ReturnType<typeof ideaCases.myIdeas>;
		own(actor: Actor | null, id: string): ReturnType<typeof ideaCases.ownIdea>;
		edit(actor: Actor | null, id: string, form: FormData): ReturnType<typeof ideaCases.editIdea>;
		withdraw(actor: Actor | null, id: string): ReturnType<typeof ideaCases.withdrawOwnIdea>;
		confirm(token: string): ReturnType<typeof ideaCases.confirmIdea>;
		publicImages(id: string): ReturnType<typeof ideaCases.publicImages>;
		image(actor: Actor | null, id: string, fileId: string): ReturnType<typeof ideaCases.imageFile>;
		map(slug: string, ideas: Parameters<typeof ideaCases.ideasMap>[2]): ReturnType<typeof ideaCases.ideasMap>;
	};
	/** District office (issue 4): overview, pre-check, assisted entry, merge, import, opt-out, digest. */
	office: OfficeService;
	/** Online voting (issue 5). */
	voting: Voting;
	/** Programmes and rounds of the district admin (issue 4). */
	programmes: ProgrammesService;
	/** Browsing, supporting, discussing ideas and moderating comments (issue 4). */
	engage: Engage;
	/** Kiezkassenversammlung (issue 5). */
	assemblies: Assemblies;
	/** Application, grant notice, payments and ledger (issue 6). */
	grants: Grants;
	/** Implementation updates, settlement with receipts, messages, public accounts, reminders, retention (issue 6). */
	settlement: SettlementService;
	/** The public record (issue 8): calendar entries, documents, mobile office, knowledge base. */
	record: RecordService;
	/** Initiatives and associations (issue 8): directory, profiles, members, verification. */
	orgs: OrgsService;
	/** Following rounds, ideas, regions, organisations and the notifier (issue 8). */
	follow: FollowService;
	sessionUser(headers: Headers): Promise<SessionUser | null>;
	enqueueMail(mail: Mail): Promise<void>;
	ping(): Promise<void>;
	now(): Date;
	close(): Promise<void>;
};

async function build(): Promise<Container> {
	const config = readConfig();
	const handle = await openDb(config.databaseUrl);
	const { db } = handle;
	if (process.env.KIEZBUDGET_SEED_DEMO === '1') {
		const summary = await seedDemo(db, { now: new Date() });
		log.info({ msg: 'demo data ready', ...summary });
	}
	const transport = createTransport({ smtpUrl: config.smtpUrl, mailDir: config.mailDir });
	const worker = new OutboxWorker({
		claim: (limit) => claimOutbox(db, limit, new Date()),
		finish: (id) => finishOutbox(db, id, new Date()),
		fail: (id, message, retryAt) => failOutbox(db, id, message, retryAt),
		send: (mail) => transport.send(mail, config.mailFrom)
	});
	worker.start();
	const enqueueMail = async (mail: Mail) => {
		await enqueueOutbox(db, { kind: 'mail', payload: mail }, new Date());
		worker.kick();
	};
	const auth = createAuth({ db, config, enqueueMail });
	const office = officeService({ db, origin: config.origin, secret: config.authSecret, kick: () => worker.kick() });
	office.startDigest();
	const follow = followService({ db, origin: config.origin, secret: config.authSecret, kick: () => worker.kick() });
	follow.start();
	return {
		config,
		databaseKind: handle.kind,
		handle,
		auth,
		publicRead: createPublicRead(db),
		adminRead: createAdminRead(db),
		calendarRead: createCalendarRead(db),
		evaluation: createEvaluationRead(db),
		users: { pseudonymTaken: (p) => pseudonymTaken(db, p) },
		ideas: {
			gate: (slug) => ideaCases.ideaGate(db, slug, new Date()),
			submit: (actor, slug, form, locale) =>
				ideaCases.submitIdea(db, actor, slug, form, new Date(), { origin: config.origin, locale, kickMail: () => worker.kick() }),
			organisations: (actor) => ideaCases.organisationsOf(db, actor),
			mine: (actor) => ideaCases.myIdeas(db, actor),
			own: (actor, id) => ideaCases.ownIdea(db, actor, id, new Date()),
			edit: (actor, id, form) => ideaCases.editIdea(db, actor, id, form, new Date()),
			withdraw: (actor, id) => ideaCases.withdrawOwnIdea(db, actor, id, new Date()),
			confirm: (token) => ideaCases.confirmIdea(db, token, new Date()),
			publicImages: (id) => ideaCases.publicImages(db, id),
			image: (actor, id, fileId) => ideaCases.imageFile(db, actor, id, fileId),
			map: (slug, ideas) => ideaCases.ideasMap(db, slug, ideas)
		},
		voting: createVoting(db, voteSecrets(config.authSecret)),
		programmes: programmesService(db, () => new Date()),
		engage: createEngage(db),
		assemblies: createAssemblies(db),
		grants: createGrants({ db, cipher: dataCipher(config.dataKey, config.dataKeyOld), now: () => new Date(), origin: config.origin, kick: () => worker.kick() }),
		settlement: createSettlement({ db, origin: config.origin, kick: () => worker.kick() }),
		record: recordService({ db, now: () => new Date() }),
		orgs: orgsService({ db, origin: config.origin, now: () => new Date(), kick: () => worker.kick() }),
		follow,
		async sessionUser(headers) {
			const s = await auth.api.getSession({ headers });
			if (!s) return null;
			return toSessionUser(s.user as typeof s.user & { pseudonym?: string }, await loadGrants(db, s.user.id));
		},
		office,
		enqueueMail,
		ping: () => handle.ping(),
		now: () => new Date(),
		async close() {
			await office.stop();
			await follow.stopTimer();
			await worker.stop();
			transport.close();
			await handle.close();
		}
	};
}

let instance: Promise<Container> | undefined;

/** The one container of this process, built on first use. */
export function container(): Promise<Container> {
	instance ??= build().catch((err: unknown) => {
		instance = undefined;
		throw err;
	});
	return instance;
}

export async function shutdownContainer(): Promise<void> {
	if (!instance) return;
	const c = await instance.catch(() => undefined);
	instance = undefined;
	await c?.close();
}
