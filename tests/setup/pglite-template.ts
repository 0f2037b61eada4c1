/**
 * Vitest global setup: migrate one in-memory PGlite and dump it, so each test file starts from a copy in
 * about a second instead of the seven a fresh PGlite needs (research/stack.md §4).
 */
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { openDb } from '../../src/lib/server/db/client.ts';

declare module 'vitest' {
	export interface ProvidedContext {
		pgliteTemplate: string;
	}
}

export default async function setup(project: TestProject) {
	const dir = mkdtempSync(join(tmpdir(), 'kiezbudget-template-'));
	const file = join(dir, 'template.tgz');
	const handle = await openDb('memory://');
	const dump = await handle.pglite!.dumpDataDir('gzip');
	writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
	await handle.close();
	project.provide('pgliteTemplate', file);
	return () => rmSync(dir, { recursive: true, force: true });
}
