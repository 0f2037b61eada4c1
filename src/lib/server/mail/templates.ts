import type { Mail } from './transport.ts';

export type Locale = 'de' | 'en';

/**
 * Account mails in plain language (public-sector.md: Leichte/Einfache Sprache for citizen-facing text),
 * German first, English when the person used the English site.
 */
export function verificationMail(to: string, pseudonym: string, link: string, locale: Locale): Mail {
	return locale === 'en'
		? {
				to,
				subject: 'Kiezbudget: please confirm your e-mail address',
				text: `Hello ${pseudonym},\n\nyou have created an account on Kiezbudget.\nPlease open this link to confirm your e-mail address:\n\n${link}\n\nThe link works for 24 hours.\nIf you did not create an account, you can ignore this e-mail.\n\nKiezbudget`
			}
		: {
				to,
				subject: 'Kiezbudget: Bitte bestätigen Sie Ihre E-Mail-Adresse',
				text: `Hallo ${pseudonym},\n\nSie haben ein Konto bei Kiezbudget angelegt.\nBitte öffnen Sie diesen Link. Damit bestätigen Sie Ihre E-Mail-Adresse:\n\n${link}\n\nDer Link gilt 24 Stunden.\nSie haben kein Konto angelegt? Dann können Sie diese E-Mail löschen.\n\nKiezbudget`
			};
}

export function resetMail(to: string, pseudonym: string, link: string, locale: Locale): Mail {
	return locale === 'en'
		? {
				to,
				subject: 'Kiezbudget: reset your password',
				text: `Hello ${pseudonym},\n\nsomeone asked to reset the password of your Kiezbudget account.\nOpen this link to choose a new password:\n\n${link}\n\nThe link works for 1 hour.\nIf this was not you, you can ignore this e-mail. Your password stays the same.\n\nKiezbudget`
			}
		: {
				to,
				subject: 'Kiezbudget: Passwort zurücksetzen',
				text: `Hallo ${pseudonym},\n\njemand möchte das Passwort für Ihr Kiezbudget-Konto ändern.\nÖffnen Sie diesen Link. Dann können Sie ein neues Passwort wählen:\n\n${link}\n\nDer Link gilt 1 Stunde.\nDas waren nicht Sie? Dann löschen Sie diese E-Mail. Ihr Passwort bleibt gleich.\n\nKiezbudget`
			};
}

/** Sent instead of an error when someone signs up with an address that has an account already, so the
 *  sign-up form does not reveal which addresses are registered (OWASP account enumeration). */
export function existingAccountMail(to: string, link: string, locale: Locale): Mail {
	return locale === 'en'
		? {
				to,
				subject: 'Kiezbudget: you already have an account',
				text: `Hello,\n\nsomeone tried to create a Kiezbudget account with this e-mail address.\nYou already have an account. You can sign in here:\n\n${link}\n\nForgot your password? You can reset it on the sign-in page.\n\nKiezbudget`
			}
		: {
				to,
				subject: 'Kiezbudget: Sie haben schon ein Konto',
				text: `Hallo,\n\njemand wollte mit dieser E-Mail-Adresse ein Konto bei Kiezbudget anlegen.\nSie haben schon ein Konto. Hier können Sie sich anmelden:\n\n${link}\n\nPasswort vergessen? Auf der Anmelde-Seite können Sie es zurücksetzen.\n\nKiezbudget`
			};
}
