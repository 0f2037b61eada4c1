/**
 * Demo data of the voting area (issue 5): staff of ANOTHER district (Neukölln, '08'), so anyone trying the
 * demo — and the table-driven staff-route test — can see that Treptow-Köpenick's votes, codes, paper
 * ballots and kiosks are refused to them (public-sector.md E-08/S-01: staff act only in their own scope).
 * Same password as the other demo accounts; created once (the seed stays idempotent and fast).
 */
import { randomUUID } from 'node:crypto';
import type { Role } from '../../core/access/policy.ts';
import type { Tx } from '../db/client.ts';
import { ensureUserWithPassword, findUserIdByEmail } from '../db/repositories/seed.ts';
import { hashPassword } from '../auth/password.ts';
import { DEMO_PASSWORD, type DemoLogin } from './demo-logins.ts';

export const OTHER_DISTRICT_ID = '08';

export const OTHER_DISTRICT_LOGINS: readonly DemoLogin[] = [
	{ role: 'case_worker', email: 'sachbearbeitung.neukoelln@kiezbudget.localhost', password: DEMO_PASSWORD, pseudonym: 'Sachbearbeitung Neukölln' },
	{ role: 'district_admin', email: 'admin.neukoelln@kiezbudget.localhost', password: DEMO_PASSWORD, pseudonym: 'Bürgerbeteiligung Neukölln' }
];

export async function seedVotingDemoAccounts(tx: Tx, at: Date): Promise<number> {
	let created = 0;
	for (const l of OTHER_DISTRICT_LOGINS) {
		if (await findUserIdByEmail(tx, l.email)) continue;
		const role: Role = l.role;
		if (await ensureUserWithPassword(tx, { id: randomUUID(), email: l.email, pseudonym: l.pseudonym, passwordHash: await hashPassword(l.password), grants: [{ role, scopeKind: 'district', scopeId: OTHER_DISTRICT_ID }] }, at)) created++;
	}
	return created;
}
