/**
 * Demo data of the grant part (issue 6) for Treptow-Köpenick: in the Kiezkasse Adlershof two funded example
 * projects (from the public reports seeded by seed.ts) go further — one with its application entered by the
 * office from a paper form (status "applied", ready for a notice), one with an issued grant notice and a first
 * payment (status "in implementation"); and four more funded examples belong to the demo resident, so the
 * application can be tried with that account (and the end-to-end journeys use them). Names and addresses are invented; the IBANs are the published example
 * IBANs of German banks' documentation, not real accounts. Idempotent: an existing application is left alone.
 */
import { createHash } from 'node:crypto';
import { grantReference, noticeDates } from '../../core/grants/grants.ts';
import { config } from '../config.ts';
import { dataCipher } from '../crypto/data-key.ts';
import type { DbOrTx } from '../db/client.ts';
import * as repo from '../db/repositories/grants.ts';
import { findUserIdByEmail } from '../db/repositories/seed.ts';
import { DEMO_LOGINS } from './demo-logins.ts';
import { grantNoticePdf } from '../documents/grant-notice.ts';
import { snapshotOf, templateOf } from './grant-templates.ts';
import { isoDay, noticeInput } from './grants.ts';

type Demo = { title: string; contactName: string; organisation: string | null; address: string; holder: string; iban: string; grant: boolean };

const DEMOS: Demo[] = [
	{
		title: 'Trainingsanzüge für die Jugendfeuerwehr',
		contactName: 'Jana Beispiel',
		organisation: 'Förderverein Jugendfeuerwehr (Beispiel)',
		address: 'Dörpfeldstraße 10\n12489 Berlin',
		holder: 'Förderverein Jugendfeuerwehr (Beispiel)',
		iban: 'DE89370400440532013000',
		grant: true
	},
	{ title: 'Bühnenprogramm Adlershofer Herbstfest', contactName: 'Tom Muster', organisation: null, address: 'Adlergestell 100\n12489 Berlin', holder: 'Tom Muster', iban: 'DE02120300000000202051', grant: false }
];

/** Funded Adlershof examples the demo resident may apply for (one per end-to-end run, with spares). */
export const RESIDENT_FUNDED = ['Kinderprogramm zum Adlershofer Herbstfest', 'Zwei Hochbeete für eine Kita', 'Gedenktafel auf dem Waldfriedhof', 'Informationstafel am Friedhofseingang'];

/** Returns how many demo applications it created (0 on a second run). Runs after the demo accounts exist. */
export async function seedGrants(db: DbOrTx, o: { year: number; at: Date }): Promise<number> {
	const cipher = dataCipher(config().dataKey);
	const slug = `kiezkasse-${o.year}-adlershof`;
	// Dates inside the budget year after the assembly (seed.ts approves on 20 May), never after the seed's now.
	const day = (month: number, d: number) => new Date(Math.min(o.at.getTime(), Date.UTC(o.year, month - 1, d, 10)));
	let created = 0;
	for (const demo of DEMOS) {
		const p = await repo.proposalByTitle(db, slug, demo.title);
		if (!p) continue;
		const c = await repo.grantCase(db, p.id);
		if (!c || c.application || c.proposal.status !== 'approved' || !c.approvedCents) continue;
		const applied = await repo.insertApplication(db, {
			proposalId: p.id,
			roundId: p.roundId,
			applicantUserId: null,
			submittedBy: null,
			contactName: demo.contactName,
			contactEmail: `${demo.contactName.toLowerCase().replace(/\s+/g, '.')}@example.org`,
			contactPhone: null,
			contactAddress: demo.address,
			organisationName: demo.organisation,
			accountHolder: demo.holder,
			ibanCipher: cipher.encrypt(demo.iban),
			ibanCountry: demo.iban.slice(0, 2),
			ibanLast4: demo.iban.slice(-4),
			approvedCents: c.approvedCents,
			costPlan: c.costItems,
			declaredNotStarted: true,
			declaredSubsidyFraudNotice: true,
			submittedAt: day(6, 1),
			districtId: c.round.districtId,
			onBehalf: true
		});
		if (applied.kind !== 'ok') continue;
		created++;
		if (!demo.grant) continue;
		const withApp = await repo.grantCase(db, p.id);
		const tpl = await templateOf(db, c.round.programmeId);
		const issuedAt = day(6, 15);
		const values = { purpose: `Förderung des Projekts „${c.proposal.title}“ in der Bezirksregion ${c.round.regionName ?? ''}.`, ...noticeDates(isoDay(issuedAt), o.year, tpl.settlementDays) };
		const reference = grantReference('KK', o.year, c.round.regionId, await repo.nextGrantSeq(db, p.roundId));
		const pdf = await grantNoticePdf(noticeInput(withApp!, withApp!.application!, tpl, values, reference, isoDay(issuedAt)));
		const g = await repo.insertGrant(db, {
			proposalId: p.id,
			applicationId: applied.id,
			roundId: p.roundId,
			reference,
			amountCents: c.approvedCents,
			purpose: values.purpose,
			periodStart: values.periodStart,
			periodEnd: values.periodEnd,
			settlementDue: values.settlementDue,
			paymentMode: c.round.rules.settlement,
			conditions: tpl.conditions,
			noticePdf: pdf,
			noticeSha256: createHash('sha256').update(pdf).digest('hex'),
			templateVersionId: tpl.versionId,
			templateSnapshot: snapshotOf(tpl),
			issuedAt,
			issuedBy: null,
			districtId: c.round.districtId
		});
		if (g.kind !== 'ok') continue;
		// A first reimbursement against the receipts handed in so far (the Kiezkasse pays against receipts).
		const paidAt = day(7, 1);
		await repo.insertPayment(db, { grantId: g.id, proposalId: p.id, districtId: c.round.districtId, paidOn: isoDay(paidAt), amountCents: Math.floor(c.approvedCents / 2), reference: `Kassenzeichen ${reference}-1`, actorId: null, at: paidAt });
	}
	const resident = await findUserIdByEmail(db, DEMO_LOGINS.find((l) => l.role === 'resident')!.email);
	if (resident) {
		for (const title of RESIDENT_FUNDED) {
			const p = await repo.proposalByTitle(db, slug, title);
			if (p) await repo.adoptFunded(db, p.id, resident);
		}
	}
	return created;
}
