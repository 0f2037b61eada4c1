/**
 * Mails to the applicant in the grant procedure (issue 6): the grant notice has been issued, and a payment has
 * been made. German first, English below (as settlement-mails.ts).
 *
 * These are notices in a running administrative procedure, not newsletters or notifications: they go out even
 * to an address on the mail opt-out list (docs/operations.md, "Mails in the grant procedure": § 41 VwVfG).
 * Bank details never travel by mail: at most the last four characters of the IBAN (ARCHITECTURE "logs";
 * data minimisation, Art. 5 (1) c GDPR). The notice itself is downloaded behind a sign-in.
 */
import type { Mail } from './transport.ts';

const euro = (c: number) => new Intl.NumberFormat('de-DE', { style: 'currency', currency: 'EUR' }).format(c / 100);
const euroEn = (c: number) => new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'EUR' }).format(c / 100);
const day = (iso: string) => iso.split('-').reverse().join('.');
/** "…1234": the only part of an account number a mail may carry. */
export const ibanTail = (last4: string | null) => (last4 ? `…${last4.replace(/[^A-Za-z0-9]/g, '').slice(-4)}` : '–');

export function noticeIssuedMail(p: { to: string; title: string; reference: string; amountCents: number; settlementDue: string; link: string }): Mail {
	return {
		to: p.to,
		subject: `Kiezbudget: Zuwendungsbescheid ${p.reference} – ${p.title}`.slice(0, 200),
		text:
			`Hallo,\n\ndas Bezirksamt hat Ihnen für „${p.title}“ eine Zuwendung von ${euro(p.amountCents)} bewilligt (Geschäftszeichen ${p.reference}).\n` +
			`Den Zuwendungsbescheid laden Sie hier herunter (nach der Anmeldung):\n${p.link}\n\n` +
			`Bitte lesen Sie die Nebenbestimmungen. Der Verwendungsnachweis ist bis zum ${day(p.settlementDue)} fällig.\n\n` +
			`— English —\n\nHello,\n\nthe district office has granted ${euroEn(p.amountCents)} for "${p.title}" (file number ${p.reference}).\n` +
			`Download the grant notice here (after signing in):\n${p.link}\n\nPlease read the conditions. The settlement is due by ${p.settlementDue}.\n\n--\nKiezbudget\n`
	};
}

export function paymentMail(p: { to: string; title: string; reference: string; amountCents: number; paidOn: string; paidCents: number; grantCents: number; ibanLast4: string | null; link: string }): Mail {
	const tail = ibanTail(p.ibanLast4);
	return {
		to: p.to,
		subject: `Kiezbudget: Auszahlung für ${p.title}`.slice(0, 200),
		text:
			`Hallo,\n\nfür „${p.title}“ (Geschäftszeichen ${p.reference}) wurden am ${day(p.paidOn)} ${euro(p.amountCents)} auf Ihr Konto mit der Endung ${tail} angewiesen.\n` +
			`Ausgezahlt sind damit ${euro(p.paidCents)} von ${euro(p.grantCents)}.\n${p.link}\n\n` +
			`— English —\n\nHello,\n\non ${p.paidOn}, ${euroEn(p.amountCents)} for "${p.title}" (file number ${p.reference}) was transferred to your account ending in ${tail}.\n` +
			`In total ${euroEn(p.paidCents)} of ${euroEn(p.grantCents)} has now been paid.\n${p.link}\n\n--\nKiezbudget\n`
	};
}
