import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

// Proves the lint rule behind ARCHITECTURE.md's dependency direction actually fires: each snippet is
// linted as if it lived at the given path.
const eslint = new ESLint({ cwd: process.cwd() });

async function ruleIds(code: string, filePath: string): Promise<string[]> {
	const [result] = await eslint.lintText(code, { filePath });
	return (result?.messages ?? []).map((m) => m.ruleId ?? m.message);
}

describe('dependency direction', () => {
	it.each([
		['core importing node:fs', "import fs from 'node:fs'; export const f = fs;", 'src/lib/core/x/bad.ts'],
		['core importing drizzle', "import { sql } from 'drizzle-orm'; export const s = sql;", 'src/lib/core/x/bad.ts'],
		['core importing server code', "import { config } from '#lib/server/config.ts'; export const c = config;", 'src/lib/core/x/bad.ts'],
		['ui importing server code', "import { log } from '#lib/server/log.ts'; export const l = log;", 'src/lib/ui/bad.ts'],
		['a use case importing PGlite', "import { PGlite } from '@electric-sql/pglite'; export const p = PGlite;", 'src/lib/server/app/bad.ts'],
		['a route importing the schema', "import * as s from '#lib/server/db/schema/index.ts'; export const x = s;", 'src/routes/x/+page.server.ts']
	])('refuses %s', async (_name, code, path) => {
		expect(await ruleIds(code, path)).toContain('no-restricted-imports');
	});

	it.each([
		['clock', 'export const t = Date.now();'],
		['randomness', 'export const r = Math.random();'],
		['environment', 'export const e = process.env.X;']
	])('refuses %s in core', async (_name, code) => {
		expect(await ruleIds(code, 'src/lib/core/x/bad.ts')).toContain('no-restricted-syntax');
	});

	it('allows core to import core', async () => {
		expect(await ruleIds("import { can } from '../access/policy.ts'; export const c = can;", 'src/lib/core/x/ok.ts')).toEqual([]);
	});
});
