// The other voting channels of issue 5 (PRODUCT.md "Voting and results": staff-unlocked kiosk devices and
// paper ballots entered by staff with a second-person check; research/public-sector.md E-09). Every channel
// ends in the one has-voted register (`vote_register`) and the one `ballot` table, so a person counts once.
import { boolean, index, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type { Choice } from '../../../core/ballot/ballot.ts';
import { user } from './auth.ts';
import { round } from './process.ts';
import { assembly } from './assembly.ts';

/**
 * A kiosk device (a tablet at the Bürgeramt or a library). The device holds a random token in a cookie; only
 * its SHA-256 is stored. A staff member unlocks it for ONE ballot after checking eligibility: `unlockKey` is
 * the has-voted register key the ballot will use, `unlockCheck` how eligibility was checked. The cast clears
 * the unlock in the same transaction, so the device locks again.
 */
export const kioskDevice = pgTable(
	'kiosk_device',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		roundId: uuid('round_id')
			.notNull()
			.references(() => round.id, { onDelete: 'cascade' }),
		label: text('label').notNull(),
		tokenHash: text('token_hash').notNull(),
		createdBy: text('created_by').references(() => user.id, { onDelete: 'set null' }),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
		unlockKey: text('unlock_key'),
		unlockCheck: text('unlock_check'),
		unlockedBy: text('unlocked_by').references(() => user.id, { onDelete: 'set null' }),
		unlockedAt: timestamp('unlocked_at', { withTimezone: true }),
		retiredAt: timestamp('retired_at', { withTimezone: true })
	},
	(t) => [uniqueIndex('kiosk_device_token_key').on(t.tokenHash), index('kiosk_device_round_idx').on(t.roundId)]
);

/**
 * A paper ballot by its printed number, entered twice by two different staff members (four-eyes principle,
 * E-09). `status`: `awaiting_second` after the first entry; `counted` when both entries match (the ballot row
 * is written then, once — the register key `paper:<serial>` is unique); `mismatch` until a third person
 * decides (`counted` or `invalid`); `invalid` when the paper itself is void. The entries keep the serial
 * and the choices, never a voter: a paper ballot is anonymous. `*_age_band` is each reading of the voluntary
 * age-band boxes (issue 7, only where the round asks; null = none ticked): the two readings must agree like
 * the choices, and the counted ballot stores the band in `ballot.age_band`.
 */
export const paperBallot = pgTable(
	'paper_ballot',
	{
		roundId: uuid('round_id')
			.notNull()
			.references(() => round.id, { onDelete: 'cascade' }),
		serial: text('serial').notNull(),
		status: text('status').notNull(),
		firstBy: text('first_by').references(() => user.id, { onDelete: 'set null' }),
		firstInvalid: boolean('first_invalid').notNull(),
		firstChoices: jsonb('first_choices').$type<Choice[]>().notNull(),
		secondBy: text('second_by').references(() => user.id, { onDelete: 'set null' }),
		secondInvalid: boolean('second_invalid'),
		secondChoices: jsonb('second_choices').$type<Choice[]>(),
		firstAgeBand: text('first_age_band'),
		secondAgeBand: text('second_age_band'),
		decidedBy: text('decided_by').references(() => user.id, { onDelete: 'set null' })
	},
	(t) => [primaryKey({ columns: [t.roundId, t.serial] }), index('paper_ballot_status_idx').on(t.roundId, t.status)]
);

/**
 * Dot voting from phones at an assembly (issue 5): one-time codes handed out at the door (QR on a printed
 * card). Only the SHA-256 of a code is stored — codes carry 120 random bits, so a plain hash is enough
 * (ASVS 6.5.2). `used` is a flag, not a time, so a code cannot be matched to a ballot by when it was used.
 */
export const assemblyDotCode = pgTable(
	'assembly_dot_code',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		assemblyId: uuid('assembly_id')
			.notNull()
			.references(() => assembly.id, { onDelete: 'cascade' }),
		codeHash: text('code_hash').notNull(),
		used: boolean('used').notNull().default(false)
	},
	(t) => [uniqueIndex('assembly_dot_code_hash_key').on(t.codeHash), index('assembly_dot_code_assembly_idx').on(t.assemblyId)]
);

/** One phone's points: proposal id → points. No code, no time, no device — it cannot be traced back. */
export const assemblyDotBallot = pgTable(
	'assembly_dot_ballot',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		assemblyId: uuid('assembly_id')
			.notNull()
			.references(() => assembly.id, { onDelete: 'cascade' }),
		points: jsonb('points').$type<Record<string, number>>().notNull()
	},
	(t) => [index('assembly_dot_ballot_assembly_idx').on(t.assemblyId)]
);

/**
 * The register file of eligible residents for a round (issue 5): one row per person, holding only an HMAC of
 * the canonical name, birth date and postcode with the server's key (core/ballot/register.ts) — no name, no
 * date, no address. A vote through it uses the register key `register:<id>`, so a person counts once however
 * many accounts they use.
 */
export const voteEligible = pgTable(
	'vote_eligible',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		roundId: uuid('round_id')
			.notNull()
			.references(() => round.id, { onDelete: 'cascade' }),
		hash: text('hash').notNull()
	},
	(t) => [uniqueIndex('vote_eligible_round_hash_key').on(t.roundId, t.hash)]
);
