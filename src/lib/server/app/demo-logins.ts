import type { Role } from '#lib/core/access/policy.ts';

/**
 * The demo accounts the demo seed creates (never in production). Printed by `npm start` and used by
 * the end-to-end tests. One per role; the moderator is the Kiezpat:in of Alt-Treptow.
 */
export type DemoLogin = { role: Role; email: string; password: string; pseudonym: string };

export const DEMO_PASSWORD = 'kiezbudget-demo';

export const DEMO_LOGINS: readonly DemoLogin[] = [
	{ role: 'resident', email: 'anwohnerin@kiezbudget.localhost', password: DEMO_PASSWORD, pseudonym: 'Kiezfreundin' },
	{ role: 'moderator', email: 'kiezpatin@kiezbudget.localhost', password: DEMO_PASSWORD, pseudonym: 'Kiezpatin Alt-Treptow' },
	{ role: 'case_worker', email: 'sachbearbeitung@kiezbudget.localhost', password: DEMO_PASSWORD, pseudonym: 'Sachbearbeitung SPK' },
	{ role: 'district_admin', email: 'admin@kiezbudget.localhost', password: DEMO_PASSWORD, pseudonym: 'Anlaufstelle Bürgerbeteiligung' },
	{ role: 'platform_admin', email: 'plattform@kiezbudget.localhost', password: DEMO_PASSWORD, pseudonym: 'Plattform-Administration' }
];
