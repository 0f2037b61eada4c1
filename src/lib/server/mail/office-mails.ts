/**
 * Mails of the district office (issue 4): the proposer on every status change, staff a daily digest.
 * Plain language, German first with the English text below, because we do not know which language a
 * proposer without an account reads (public-sector.md: Einfache Sprache for citizen-facing text). Every
 * mail ends with the one-link unsubscribe and carries it as List-Unsubscribe (RFC 2369).
 */
import type { Mail } from './transport.ts';

const STATUS: Record<string, [string, string]> = {
	submitted: ['Eingereicht', 'Submitted'],
	under_review: ['Wird geprüft', 'Under review'],
	needs_clarification: ['Rückfrage', 'Question for you'],
	eligible: ['Förderfähig', 'Eligible'],
	ineligible: ['Nicht förderfähig', 'Not eligible'],
	merged: ['Zusammengelegt', 'Merged'],
	presented: ['Vorgestellt', 'Presented'],
	approved: ['Beschlossen', 'Approved'],
	rejected: ['Abgelehnt', 'Rejected']
};
const label = (s: string, i: 0 | 1) => STATUS[s]?.[i] ?? s;

const footer = (unsubscribe: string) =>
	`\n\n--\nKiezbudget\nSie möchten keine E-Mails mehr von uns? Öffnen Sie diesen Link:\nYou do not want these e-mails any more? Open this link:\n${unsubscribe}\n`;

export function statusChangeMail(p: {
	to: string;
	title: string;
	status: string;
	publicFeedback: string | null;
	message: string | null;
	link: string;
	unsubscribe: string;
	mergedInto?: { title: string; link: string } | null;
}): Mail {
	const de: string[] = [`Hallo,\n\nIhre Idee „${p.title}“ hat einen neuen Stand: ${label(p.status, 0)}.`];
	const en: string[] = [`Hello,\n\nyour idea "${p.title}" has a new status: ${label(p.status, 1)}.`];
	if (p.mergedInto) {
		de.push(`Ihre Idee wurde mit einer sehr ähnlichen Idee zusammengelegt: „${p.mergedInto.title}“\n${p.mergedInto.link}\nUnterstützungen und Kommentare sind jetzt dort.`);
		en.push(`Your idea was merged with a very similar idea: "${p.mergedInto.title}"\n${p.mergedInto.link}\nSupports and comments are now there.`);
	}
	if (p.message) {
		de.push(`Wir haben eine Frage an Sie:\n${p.message}\nBitte antworten Sie uns. Dann können wir Ihre Idee weiter prüfen.`);
		en.push(`We have a question for you:\n${p.message}\nPlease answer us, so we can go on checking your idea.`);
	}
	if (p.publicFeedback) {
		de.push(`Unsere Rückmeldung (öffentlich sichtbar):\n${p.publicFeedback}`);
		en.push(`Our feedback (shown in public):\n${p.publicFeedback}`);
	}
	de.push(`Hier sehen Sie Ihre Idee:\n${p.link}`);
	en.push(`See your idea here:\n${p.link}`);
	return {
		to: p.to,
		subject: `Kiezbudget: ${label(p.status, 0)} – ${p.title}`.slice(0, 200),
		text: `${de.join('\n\n')}\n\n— English —\n\n${en.join('\n\n')}${footer(p.unsubscribe)}`,
		headers: { 'List-Unsubscribe': `<${p.unsubscribe}>` }
	};
}

export function digestMail(p: { to: string; day: string; district: string; ideas: { title: string; round: string; channel: string; link: string }[]; unsubscribe: string }): Mail {
	const list = p.ideas.map((i) => `- ${i.title} (${i.round}, ${i.channel})\n  ${i.link}`).join('\n');
	return {
		to: p.to,
		subject: `Kiezbudget: ${p.ideas.length} neue Ideen am ${p.day} – ${p.district}`,
		text:
			`Hallo,\n\nam ${p.day} sind ${p.ideas.length} neue Ideen in ${p.district} eingegangen. Bitte prüfen Sie sie:\n\n${list}\n\n` +
			`— English —\n\n${p.ideas.length} new ideas arrived in ${p.district} on ${p.day}. Please check them (links above).` +
			footer(p.unsubscribe),
		headers: { 'List-Unsubscribe': `<${p.unsubscribe}>` }
	};
}
