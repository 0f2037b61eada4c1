import { availableParallelism } from 'node:os';
import { paraglideVitePlugin } from '@inlang/paraglide-js';
import { defineConfig } from 'vitest/config';
import adapter from '@sveltejs/adapter-node';
import { sveltekit } from '@sveltejs/kit/vite';
import { LongFilesFirst } from './tests/setup/sequencer.ts';

export default defineConfig({
	plugins: [
		sveltekit({
			compilerOptions: {
				runes: ({ filename }) => (filename.split(/[/\\]/).includes('node_modules') ? undefined : true)
			},
			// BUILD_DIR: the e2e run builds once per origin (see paths.origin below) into its own folder.
			adapter: adapter({ out: process.env.BUILD_DIR || 'build' }),
			// adapter-node 6 fixes the origin at build time (research/stack.md §2): without it a
			// form POST over plain http://localhost is refused as cross-site.
			paths: { origin: process.env.ORIGIN || undefined },
			// The cross-site form check runs in hooks.server.ts instead, so that the one-click stop of
			// follow mails (RFC 8058, posted by mail clients from elsewhere) can be its only exception;
			// src/lib/server/http/csrf.ts explains why. Kit has no per-route switch, only this one.
			csrf: { trustedOrigins: ['*'] },
			// Nothing from other hosts (PRODUCT.md privacy; public-sector.md CSP recipe). Kit adds nonces
			// for its own inline bootstrap script, so 'unsafe-inline' is never needed for scripts.
			csp: {
				mode: 'auto',
				directives: {
					'default-src': ['self'],
					'script-src': ['self'],
					'style-src': ['self'],
					// The one inline style attribute: SvelteKit's visually hidden route announcer
					// (kit/src/runtime/components/root.svelte). Allowed by its hash only; the e2e tests fail
					// on any CSP console error, so a kit update that changes it is noticed.
					'style-src-attr': ['unsafe-hashes', 'sha256-S8qMpvofolR8Mpjy4kQvEm7m1q8clzU4dfDH0AmvZjo='],
					'img-src': ['self', 'data:', 'blob:'],
					'font-src': ['self'],
					'connect-src': ['self'],
					'form-action': ['self'],
					'frame-ancestors': ['none'],
					'base-uri': ['none'],
					'object-src': ['none']
				}
			}
		}),
		paraglideVitePlugin({
			project: './project.inlang',
			outdir: './src/lib/paraglide',
			emitTsDeclarations: true,
			// URL only: the locale lives in the address, so no preference cookie is needed (PRODUCT.md: only strictly necessary cookies).
			strategy: ['url', 'baseLocale']
		})
	],
	test: {
		expect: { requireAssertions: true },
		// Vitest's default is one worker fewer than cores, so on CI's 2-core machine every file ran in turn.
		// Integration tests spend much of their time waiting on PostgreSQL, so two workers there took the
		// whole run from 564 s to 378 s (measured on this machine).
		maxWorkers: Math.max(2, availableParallelism() - 1),
		include: ['src/**/*.test.ts', 'tests/conformance/**/*.test.ts', 'tests/integration/**/*.test.ts'],
		globalSetup: ['tests/setup/pglite-template.ts'],
		// Known long files first (tests/setup/sequencer.ts), so none of them starts last on its own.
		sequence: { sequencer: LongFilesFirst },
		testTimeout: 60_000,
		hookTimeout: 120_000
	}
});
