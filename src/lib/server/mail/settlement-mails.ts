/**
 * Mails of the settlement (issue 6): a notice on each message in the thread between applicant and case
 * worker, and the deadline reminders. German first, English below (as office-mails.ts). They carry no
 * message text, receipts or amounts: the mail only says that there is something to read behind a sign-in,
 * so nothing of the grant travels through mail servers (public-sector.md, data minimisation).
 */
import type { Mail } from './transport.ts';

export function messageNotice(p: { to: string; title: string; link: string; fromStaff: boolean }): Mail {
	const who = p.fromStaff ? ['das Bezirksamt', 'the district office'] : ['die Projektverantwortlichen', 'the project team'];
	return {
		to: p.to,
		subject: `Kiezbudget: Neue Nachricht zur Abrechnung – ${p.title}`.slice(0, 200),
		text:
			`Hallo,\n\n${who[0]} hat Ihnen eine Nachricht zur Abrechnung von „${p.title}“ geschrieben.\nSie lesen und beantworten sie hier (nach der Anmeldung):\n${p.link}\n\n` +
			`— English —\n\nHello,\n\n${who[1]} sent you a message about the settlement of "${p.title}".\nRead and answer it here (after signing in):\n${p.link}\n\n--\nKiezbudget\n`
	};
}

const REMINDER: Record<string, [string, string, string]> = {
	deadline_soon: ['Die Abrechnung ist bald fällig', 'Bitte reichen Sie die Belege und den Sachbericht bis zum {d} ein.', 'Please hand in the receipts and the report by {d}.'],
	deadline_passed: ['Die Abrechnung ist überfällig', 'Die Frist für die Abrechnung war der {d}. Bitte reichen Sie die Belege jetzt ein oder schreiben Sie uns.', 'The settlement was due on {d}. Please hand in the receipts now or write to us.'],
	year_end: ['Das Haushaltsjahr endet bald', 'Das Geld gehört zum Haushaltsjahr {y}. Belege nach dem 31. Dezember können wir nicht abrechnen.', 'The money belongs to the budget year {y}. We cannot settle receipts dated after 31 December.']
};

export function reminderMail(p: { to: string; title: string; kind: string; deadline: string; year: number; link: string }): Mail {
	const [subject, de, en] = REMINDER[p.kind] ?? REMINDER.deadline_soon!;
	const d = p.deadline.split('-').reverse().join('.');
	const fill = (s: string) => s.replace('{d}', d).replace('{y}', String(p.year));
	return {
		to: p.to,
		subject: `Kiezbudget: ${subject} – ${p.title}`.slice(0, 200),
		text: `Hallo,\n\n${fill(de)}\nProjekt: „${p.title}“\n${p.link}\n\n— English —\n\nHello,\n\n${fill(en)}\nProject: "${p.title}"\n${p.link}\n\n--\nKiezbudget\n`
	};
}
