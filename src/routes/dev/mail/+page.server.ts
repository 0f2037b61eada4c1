import { error } from '@sveltejs/kit';
import { config } from '#lib/server/config.ts';
import { listDevMails } from '#lib/server/mail/transport.ts';
import type { PageServerLoad } from './$types';

// Development only: mails written to the local folder instead of SMTP (issue 2). 404 in production.
export const load: PageServerLoad = () => {
	const c = config();
	if (!c.devTools || c.smtpUrl) error(404, 'Not found');
	return { mails: listDevMails(c.mailDir) };
};
