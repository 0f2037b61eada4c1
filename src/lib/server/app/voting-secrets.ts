/**
 * The server side of voting codes and receipts (public-sector.md E-02, E-03, E-06): codes from the CSPRNG
 * (ASVS 11.5.1), stored only as argon2id hashes (ASVS 6.5.2: lookup secrets under 112 bits need a salted
 * password hash), found through a short HMAC prefix so entry does not scan all hashes, and a signed ticket
 * so the ballot form carries no code and costs no second argon2 run. Receipts are stored as SHA-256.
 */
import { createHash, createHmac, createSecretKey, randomBytes, timingSafeEqual } from 'node:crypto';
import { hash as argonHash, verify as argonVerify } from '@node-rs/argon2';
import { codeFromBytes, receiptFromBytes } from '../../core/ballot/codes.ts';

// OWASP Password Storage Cheat Sheet: argon2id, 19 MiB, 2 iterations, 1 lane (about 21 ms here, stack.md).
// `algorithm: 2` is Argon2id (the package's const enum cannot be imported under verbatimModuleSyntax).
const ARGON = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;
/** 12 hex digits = 48 bits: tens of thousands of codes share almost no prefix, yet a prefix alone says little. */
const LOOKUP_HEX = 12;
const TICKET_MS = 2 * 60 * 60 * 1000;

export type VoteSecrets = {
	newCode(): string;
	newReceipt(): string;
	hashCode(code: string): Promise<string>;
	verifyCode(hash: string, code: string): Promise<boolean>;
	lookup(roundId: string, code: string): string;
	clientBucket(address: string): string;
	ticket(roundId: string, voterKey: string, now: Date): string;
	readTicket(roundId: string, ticket: string, now: Date): string | null;
	receiptHash(receipt: string): string;
	receiptCheck(receipt: string): string;
	/** HMAC of a register row's canonical form (core/ballot/register.ts): keyed, so a leaked table cannot be checked against guesses. */
	registerHash(roundId: string, canonical: string): string;
};

export function voteSecrets(serverSecret: string): VoteSecrets {
	// A KeyObject, made once: an HMAC with a raw Buffer key costs about four times as much (13 µs against 3 µs
	// per call on Node 24 here), and a cast, a code entry and a kiosk unlock each compute several.
	const key = createSecretKey(createHmac('sha256', serverSecret).update('kiezbudget/vote-codes/v1').digest());
	const mac = (text: string) => createHmac('sha256', key).update(text).digest();
	const draw = <T>(make: (b: Uint8Array) => T | null): T => {
		for (;;) {
			const v = make(randomBytes(48));
			if (v !== null) return v;
		}
	};
	return {
		newCode: () => draw(codeFromBytes),
		newReceipt: () => draw(receiptFromBytes),
		hashCode: (code) => argonHash(code, ARGON),
		verifyCode: (h, code) => argonVerify(h, code).catch(() => false),
		lookup: (roundId, code) => mac(`lookup\u0000${roundId}\u0000${code}`).toString('hex').slice(0, LOOKUP_HEX),
		clientBucket: (address) => `code-entry:${mac(`client\u0000${address}`).toString('hex').slice(0, 32)}`,
		ticket(roundId, voterKey, now) {
			const body = `${voterKey}.${now.getTime() + TICKET_MS}`;
			return `${body}.${mac(`ticket\u0000${roundId}\u0000${body}`).toString('base64url')}`;
		},
		readTicket(roundId, ticket, now) {
			const i = ticket.lastIndexOf('.');
			if (i < 0 || ticket.length > 200) return null;
			const body = ticket.slice(0, i);
			const want = mac(`ticket\u0000${roundId}\u0000${body}`);
			const got = Buffer.from(ticket.slice(i + 1), 'base64url');
			if (got.length !== want.length || !timingSafeEqual(got, want)) return null;
			const j = body.lastIndexOf('.');
			const until = Number(body.slice(j + 1));
			if (!Number.isFinite(until) || until < now.getTime()) return null;
			return body.slice(0, j);
		},
		receiptHash: (r) => createHash('sha256').update(`ballot\u0000${r}`).digest('hex'),
		receiptCheck: (r) => createHash('sha256').update(`register\u0000${r}`).digest('hex'),
		registerHash: (roundId, canonical) => mac(`eligible\u0000${roundId}\u0000${canonical}`).toString('hex')
	};
}
