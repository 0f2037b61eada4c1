// Online voting (issue 5; PRODUCT.md "Voting and results"; research/public-sector.md §5 E-01…E-07).
// Ballot secrecy by construction: `ballot` has no column that points to a person, a code, a session, an
// address or an exact time, and no foreign key except its round; the has-voted register (`vote_register`)
// knows who voted but not how. Voting codes are kept only as argon2id hashes (ASVS 6.5.2).
import { date, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type { VoteConfig } from '../../../core/ballot/vote.ts';
import type { Choice } from '../../../core/ballot/ballot.ts';
import { user } from './auth.ts';
import { round } from './process.ts';

/** A round's vote: its configuration fixed at opening (E-04) and, after the close, the published result. */
export const voteRound = pgTable('vote_round', {
	roundId: uuid('round_id')
		.primaryKey()
		.references(() => round.id, { onDelete: 'cascade' }),
	config: jsonb('config').$type<VoteConfig>().notNull(),
	/** SHA-256 of the canonical configuration, shown on the ballot page from the first ballot on (E-01). */
	configHash: text('config_hash').notNull(),
	openedAt: timestamp('opened_at', { withTimezone: true }).notNull(),
	closedAt: timestamp('closed_at', { withTimezone: true }),
	closedBy: text('closed_by').references(() => user.id, { onDelete: 'set null' }),
	/** The tally engine's result (rule, input hash, winners, log) as published. */
	result: jsonb('result').$type<Record<string, unknown>>(),
	/** The anonymised, shuffled ballots as a Pabulib file (E-07) and its SHA-256. */
	ballotFile: text('ballot_file'),
	ballotFileSha256: text('ballot_file_sha256')
});

/** Voting codes are made in batches (one per print run or distribution point) and can be switched off (E-03). */
export const voteCodeBatch = pgTable(
	'vote_code_batch',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		roundId: uuid('round_id')
			.notNull()
			.references(() => round.id, { onDelete: 'cascade' }),
		label: text('label').notNull(),
		size: integer('size').notNull(),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
		createdBy: text('created_by').references(() => user.id, { onDelete: 'set null' }),
		deactivatedAt: timestamp('deactivated_at', { withTimezone: true }),
		deactivatedBy: text('deactivated_by').references(() => user.id, { onDelete: 'set null' })
	},
	(t) => [index('vote_code_batch_round_idx').on(t.roundId)]
);

/**
 * One voting code: `lookup` is a short keyed prefix (HMAC) so entry finds its few candidates without
 * scanning, `hash` the argon2id hash that decides. The plaintext is never stored (it exists only in the
 * one PDF made when the batch is created).
 */
export const voteCode = pgTable(
	'vote_code',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		batchId: uuid('batch_id')
			.notNull()
			.references(() => voteCodeBatch.id, { onDelete: 'cascade' }),
		roundId: uuid('round_id').notNull(),
		lookup: text('lookup').notNull(),
		hash: text('hash').notNull()
	},
	(t) => [index('vote_code_lookup_idx').on(t.roundId, t.lookup)]
);

/**
 * The has-voted register across channels (E-09): one row per code or account and round, so a second
 * ballot — concurrent or later — fails on the unique key. `receiptCheck` (SHA-256 of the voter's receipt
 * with a different prefix than `ballot.receipt_hash`) lets a voter replace their own ballot when the
 * programme allows it; it is cleared at the close so the register cannot later be joined to ballots.
 */
export const voteRegister = pgTable(
	'vote_register',
	{
		roundId: uuid('round_id')
			.notNull()
			.references(() => round.id, { onDelete: 'cascade' }),
		/** `code:<vote_code.id>`, `user:<user.id>` or `register:<vote_eligible.id>` (the register file entry) */
		voterKey: text('voter_key').notNull(),
		/** code | account | kiosk | paper | paper_issued (a paper ballot handed to a person on the register) */
		channel: text('channel').notNull(),
		/** Kiosk: how the staff member checked eligibility (`code` letter, `document` ID) and who did (E-09). */
		checkMethod: text('check_method'),
		checkedBy: text('checked_by').references(() => user.id, { onDelete: 'set null' }),
		receiptCheck: text('receipt_check'),
		changes: integer('changes').notNull().default(0)
	},
	(t) => [uniqueIndex('vote_register_round_voter_key').on(t.roundId, t.voterKey)]
);

/** A cast ballot: a random id, the day (not the time) and the choices. No link to who cast it (E-05). */
export const ballot = pgTable(
	'ballot',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		roundId: uuid('round_id')
			.notNull()
			.references(() => round.id, { onDelete: 'cascade' }),
		castOn: date('cast_on', { mode: 'string' }).notNull(),
		choices: jsonb('choices').$type<Choice[]>().notNull(),
		/** SHA-256 of the receipt code: the voter can check their ballot is in the set (E-06). */
		receiptHash: text('receipt_hash').notNull(),
		/**
		 * Optional, voluntary age band asked on the ballot when staff opted in before the opening (issue 7,
		 * `ballot_age_question`; docs/evaluation.md). Null = not asked or not answered. Never published per
		 * ballot: only counts of at least 5 and the re-weighted analysis leave the database.
		 */
		ageBand: text('age_band')
	},
	(t) => [index('ballot_round_idx').on(t.roundId), uniqueIndex('ballot_receipt_key').on(t.receiptHash)]
);

/** Failed code entries per client (keyed by an HMAC of the address, never the address): rate limit (S-08). */
export const voteAttempt = pgTable('vote_attempt', {
	bucket: text('bucket').primaryKey(),
	windowStart: timestamp('window_start', { withTimezone: true }).notNull(),
	failures: integer('failures').notNull()
});
