/**
 * The table behind the staff-route journey (issue 5: "every staff action is refused to every other role: a
 * table-driven test over all routes and actions"; public-sector.md E-08). The route list is generated from
 * the files under src/routes/admin, so a new route is in the test the day it is added: it fails until it is
 * classified in CAPABILITY below, and until a sample URL for it is found by crawling the admin area as the
 * platform admin (or given in SYNTHETIC).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { Capability } from '../../src/lib/core/access/policy.ts';

export type StaffRoute = {
	/** e.g. /admin/abstimmung/[round]/kiosk */
	pattern: string;
	/** a page (GET with Accept: text/html) */
	page: boolean;
	/** form actions (`default` for the unnamed one) */
	actions: string[];
	/** methods of a +server.ts */
	methods: string[];
	regex: RegExp;
};

/**
 * The capability each admin route needs (core/access/policy.ts), so the table knows whom it must refuse:
 * a Kiezpatin (moderator) is refused wherever her role does not hold the capability. `admin.enter` marks
 * pages every staff member may open; they show only the viewer's own scope.
 */
export const CAPABILITY: Record<string, Capability> = {
	'/admin': 'admin.enter',
	'/admin/abstimmung/[round]': 'vote.manage',
	'/admin/abstimmung/[round]/codes': 'vote.manage',
	'/admin/abstimmung/[round]/kiosk': 'vote.manage',
	'/admin/abstimmung/[round]/papier': 'vote.manage',
	'/admin/abstimmung/[round]/papier/stimmzettel': 'vote.manage',
	'/admin/abstimmung/[round]/register': 'vote.manage',
	'/admin/auswertung/[round]': 'evaluation.enter',
	'/admin/auswertung/[round]/stimmzettel': 'vote.manage',
	'/admin/ideen': 'proposal.read_internal',
	'/admin/ideen/[id]': 'proposal.read_internal',
	'/admin/ideen/[id]/scan/[file]': 'proposal.review',
	'/admin/moderation': 'comment.moderate',
	'/admin/programme': 'programme.configure',
	'/admin/programme/[id]': 'programme.configure',
	'/admin/programme/[id]/protokoll': 'programme.configure',
	'/admin/programme/[id]/runden': 'round.configure',
	'/admin/programme/[id]/runden/[round]': 'round.configure',
	'/admin/runde/[round]/versammlung': 'assembly.moderate',
	'/admin/runden/[round]': 'proposal.read_internal',
	'/admin/runden/[round]/idee-erfassen': 'proposal.enter_on_behalf',
	'/admin/runden/[round]/import': 'proposal.import',
	'/admin/versammlung/[id]': 'assembly.moderate',
	'/admin/versammlung/[id]/einlass': 'assembly.moderate',
	'/admin/versammlung/[id]/punktecodes': 'assembly.moderate',
	// Grants and settlement (issue 6). The settlement list is open to all staff: it shows each one their own
	// scope, and a Kiezpatin only the progress updates she may moderate (comment.moderate).
	'/admin/abrechnung': 'admin.enter',
	'/admin/abrechnung/[id]': 'grant.manage',
	'/admin/abrechnung/[id]/datei/[file]': 'grant.manage',
	'/admin/foerderung': 'grant.manage',
	'/admin/foerderung/[id]': 'grant.manage',
	'/admin/foerderung/[id]/antrag': 'grant.manage',
	'/admin/foerderung/[id]/bescheid.pdf': 'grant.manage',
	'/admin/foerderung/runde/[round]': 'grant.manage',
	'/admin/foerderung/runde/[round]/zahlungen.csv': 'grant.manage',
	'/admin/foerderung/runde/[round]/zahlungen.xlsx': 'grant.manage',
	'/admin/foerderung/vorlagen': 'grant.template',
	'/admin/foerderung/vorlagen/[programme]': 'grant.template',
	'/admin/foerderung/vorlagen/[programme]/vorschau.pdf': 'grant.template',
	'/admin/foerderung/zahlungen': 'grant.manage',
	'/admin/foerderung/zahlungen/export.csv': 'grant.manage',
	'/admin/foerderung/zahlungen/export.xlsx': 'grant.manage',
	// The public record (issue 8).
	'/admin/dokumente': 'record.manage',
	'/admin/dokumente/[id]': 'record.manage',
	'/admin/termine': 'record.manage',
	'/admin/termine/[id]': 'record.manage',
	'/admin/termine/[id]/kiosk': 'record.manage',
	'/admin/termine/[id]/absagen': 'record.manage',
	'/admin/wissen': 'record.manage',
	'/admin/wissen/[slug]': 'record.manage',
	'/admin/initiativen': 'organisation.verify'
};

/**
 * Routes whose objects the demo data does not link to from the admin area, with a sample built from a
 * crawled sibling and why it still tests something.
 */
export const SYNTHETIC: Record<string, { from: string; suffix: string; why: string }> = {
	'/admin/ideen/[id]/scan/[file]': {
		from: '/admin/ideen/[id]',
		suffix: '/scan/00000000-0000-4000-8000-000000000000',
		why: 'no demo idea has a scan; the idea is real, so a refusal must come from the role check before the file lookup'
	},
	'/admin/versammlung/[id]/einlass': {
		from: '/admin/versammlung/[id]',
		suffix: '/einlass',
		why: 'the door page is linked only while a sitting is open; the sitting is real'
	},
	'/admin/abstimmung/[round]/codes': {
		from: '/admin/abstimmung/[round]',
		suffix: '/codes',
		why: 'the code form is linked only while codes can be made (not after the voting journey closed the vote); the round is real'
	},
	'/admin/abstimmung/[round]/papier/stimmzettel': {
		from: '/admin/abstimmung/[round]',
		suffix: '/papier/stimmzettel',
		why: 'the printable paper ballot is linked only from the paper page in some states; the round is real'
	},
	'/admin/foerderung/[id]/antrag': {
		from: '/admin/foerderung/[id]',
		suffix: '/antrag',
		why: 'the on-behalf application is linked only for a funded idea without an application; the idea is real'
	},
	'/admin/foerderung/[id]/bescheid.pdf': {
		from: '/admin/foerderung/[id]',
		suffix: '/bescheid.pdf',
		why: 'only a case with an issued notice links it and the crawl keeps two cases per route; the case is real, so a refusal must come from the role check'
	},
	'/admin/versammlung/[id]/punktecodes': {
		from: '/admin/versammlung/[id]',
		suffix: '/punktecodes',
		why: 'the card form shows only while a dot-voting sitting is open; the sitting is real'
	}
};

function walk(dir: string): string[] {
	return readdirSync(dir).flatMap((n) => {
		const p = join(dir, n);
		return statSync(p).isDirectory() ? walk(p) : [p];
	});
}

/** Every page, form action and endpoint under src/routes/admin, read from the files themselves. */
export function staffRoutes(root = 'src/routes/admin'): StaffRoute[] {
	const byDir = new Map<string, StaffRoute>();
	for (const file of walk(root)) {
		const name = file.split(sep).at(-1)!;
		if (!name.startsWith('+') || name.startsWith('+layout') || name === '+error.svelte') continue;
		const dir = relative(root, file).split(sep).slice(0, -1).filter((s) => !/^\(.*\)$/.test(s));
		const pattern = '/admin' + (dir.length ? '/' + dir.join('/') : '');
		const r = byDir.get(pattern) ?? {
			pattern,
			page: false,
			actions: [],
			methods: [],
			regex: new RegExp('^' + pattern.replace(/\[[^\]]+\]/g, '[^/]+') + '$')
		};
		const text = readFileSync(file, 'utf8');
		if (name === '+page.svelte') r.page = true;
		if (name === '+page.server.ts') {
			const block = /export const actions[^=]*=\s*\{([\s\S]*)\};?\s*$/m.exec(text)?.[1] ?? '';
			// Each key at the block's first indentation is an action, whether written `name: async (e) =>` or `name: (e) => act(e)`.
			r.actions = [...block.matchAll(/^\t(\w+)\s*:/gm)].map((m) => m[1]!);
		}
		if (name === '+server.ts') r.methods = [...text.matchAll(/export (?:const|async function|function) (GET|POST|PUT|PATCH|DELETE)\b/g)].map((m) => m[1]!);
		byDir.set(pattern, r);
	}
	// Fewer parameters first, so a lookup by the first matching regex takes /admin/foerderung/vorlagen as itself
	// and not as /admin/foerderung/[id] — the same precedence SvelteKit gives static segments.
	const params = (p: string) => p.split('[').length;
	return [...byDir.values()].filter((r) => r.page || r.actions.length || r.methods.length).sort((a, b) => params(a.pattern) - params(b.pattern) || a.pattern.localeCompare(b.pattern));
}
