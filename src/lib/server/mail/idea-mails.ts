import type { Mail } from './transport.ts';

/**
 * The one-time link for an idea handed in without an account (issue 4), in plain language, German first
 * (public-sector.md: Einfache Sprache for citizen-facing text). The link is the only place the token lives.
 */
export function ideaConfirmationMail(p: { to: string; name: string; title: string; link: string; days: number; locale: 'de' | 'en' }): Mail {
	return p.locale === 'en'
		? {
				to: p.to,
				subject: 'Kiezbudget: please confirm your idea',
				text: `Hello ${p.name},\n\nyou have handed in an idea on Kiezbudget:\n"${p.title}"\n\nPlease open this link. Then your idea is handed in and everyone can see it:\n\n${p.link}\n\nThe link works for ${p.days} days and only once.\nIf you did not hand in an idea, you can ignore this e-mail. Nothing will be published.\n\nKiezbudget`
			}
		: {
				to: p.to,
				subject: 'Kiezbudget: Bitte bestätigen Sie Ihre Idee',
				text: `Hallo ${p.name},\n\nSie haben bei Kiezbudget eine Idee eingereicht:\n„${p.title}“\n\nBitte öffnen Sie diesen Link. Dann ist Ihre Idee eingereicht und alle können sie sehen:\n\n${p.link}\n\nDer Link gilt ${p.days} Tage und nur einmal.\nSie haben keine Idee eingereicht? Dann löschen Sie diese E-Mail. Es wird nichts veröffentlicht.\n\nKiezbudget`
			};
}
