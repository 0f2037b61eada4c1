/**
 * The register file of eligible residents (issue 5: "accounts checked against a register file of eligible
 * residents (stored hashed)"). The district exports a CSV from its register; each row becomes one canonical
 * string (name, birth date, postcode) that the server stores only as an HMAC with its key, like voting codes
 * (research/public-sector.md E-03, D-01 data minimisation). A voter types the same three details; the same
 * canonical form makes them match whatever the spelling of case, accents, spaces or date format.
 * Pure: no crypto here — the server hashes.
 */

export type Person = { name: string; birthdate: string; postcode: string };
export type RegisterProblem = { line: number; reason: 'columns' | 'name' | 'birthdate' | 'postcode' };

/** "Müller-Lüdenscheidt,  Anna" → "muller-ludenscheidt anna": case, accents, commas and spaces do not matter. */
export function canonicalName(raw: string): string {
	return raw
		.normalize('NFKD')
		.replace(/[\u0300-\u036f]/g, '')
		.replace(/ß/g, 'ss')
		.toLowerCase()
		.replace(/[,;.]/g, ' ')
		.replace(/\s+/g, ' ')
		.trim()
		.split(' ')
		.sort()
		.join(' ');
}

/** 1990-04-07, 7.4.1990 or 07.04.1990 → 1990-04-07; null if it is no real date. */
export function canonicalDate(raw: string): string | null {
	const s = raw.trim();
	let y: number, m: number, d: number;
	let hit = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(s);
	if (hit) [y, m, d] = [Number(hit[1]), Number(hit[2]), Number(hit[3])];
	else if ((hit = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(s))) [d, m, y] = [Number(hit[1]), Number(hit[2]), Number(hit[3])];
	else return null;
	const t = new Date(Date.UTC(y, m - 1, d));
	if (t.getUTCFullYear() !== y || t.getUTCMonth() !== m - 1 || t.getUTCDate() !== d || y < 1900) return null;
	return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** The one string both sides hash; null with the first field that cannot be read. */
export function canonicalPerson(p: Person): { ok: true; key: string } | { ok: false; field: 'name' | 'birthdate' | 'postcode' } {
	const name = canonicalName(p.name);
	if (name.length < 2) return { ok: false, field: 'name' };
	const birthdate = canonicalDate(p.birthdate);
	if (!birthdate) return { ok: false, field: 'birthdate' };
	const postcode = p.postcode.replace(/\s/g, '');
	if (!/^\d{5}$/.test(postcode)) return { ok: false, field: 'postcode' };
	return { ok: true, key: `person:${name}|${birthdate}|${postcode}` };
}

const HEADERS = { name: ['name', 'vorname nachname', 'nachname vorname'], birthdate: ['geburtsdatum', 'birthdate', 'date of birth'], postcode: ['postleitzahl', 'plz', 'postcode'] } as const;

/** Reads the CSV (header row; ';' or ',' separated; quotes allowed) into canonical keys, with problems by line. */
export function parseRegisterCsv(text: string): { keys: string[]; problems: RegisterProblem[] } {
	const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
	const sep = (lines[0] ?? '').includes(';') ? ';' : ',';
	const split = (line: string) => {
		const out: string[] = [];
		let cur = '';
		let quoted = false;
		for (let i = 0; i < line.length; i++) {
			const ch = line[i]!;
			if (ch === '"') {
				if (quoted && line[i + 1] === '"') {
					cur += '"';
					i++;
				} else quoted = !quoted;
			} else if (ch === sep && !quoted) {
				out.push(cur);
				cur = '';
			} else cur += ch;
		}
		out.push(cur);
		return out.map((c) => c.trim());
	};
	const head = split(lines[0] ?? '').map((h) => h.toLowerCase());
	const col = (names: readonly string[]) => head.findIndex((h) => names.includes(h));
	const at = { name: col(HEADERS.name), birthdate: col(HEADERS.birthdate), postcode: col(HEADERS.postcode) };
	if (at.name < 0 || at.birthdate < 0 || at.postcode < 0) return { keys: [], problems: [{ line: 1, reason: 'columns' }] };
	const keys: string[] = [];
	const problems: RegisterProblem[] = [];
	lines.slice(1).forEach((line, i) => {
		if (line.trim() === '') return;
		const cells = split(line);
		const p = canonicalPerson({ name: cells[at.name] ?? '', birthdate: cells[at.birthdate] ?? '', postcode: cells[at.postcode] ?? '' });
		if (p.ok) keys.push(p.key);
		else problems.push({ line: i + 2, reason: p.field });
	});
	return { keys, problems };
}
