// Lint: the dependency direction of docs/ARCHITECTURE.md ("Dependencies point one way:
// routes → server/app → core; only server/db imports Drizzle or PGlite; ui never imports server"),
// and the purity of core (house rule 1: no clock, no randomness, no Node APIs). A wrong import fails CI.
import tseslint from 'typescript-eslint';
import svelteParser from 'svelte-eslint-parser';

const DB_DRIVERS = ['drizzle-orm', 'drizzle-orm/*', '@electric-sql/*', 'pg', 'pg-*'];

const restrict = (patterns, message) => ({
	'no-restricted-imports': ['error', { patterns: [{ group: patterns, message }] }]
});

export default [
	{ ignores: ['build/', '.build-e2e/', '.svelte-kit/', 'node_modules/', 'src/lib/paraglide/', 'drizzle/', 'data/'] },
	{
		files: ['**/*.ts', '**/*.js'],
		languageOptions: { parser: tseslint.parser, ecmaVersion: 'latest', sourceType: 'module' }
	},
	{
		files: ['**/*.svelte'],
		languageOptions: { parser: svelteParser, parserOptions: { parser: tseslint.parser } }
	},
	{
		files: ['src/lib/core/**'],
		// Tests may read fixtures from disk; the code under test may not.
		ignores: ['src/lib/core/**/*.test.ts'],
		rules: {
			...restrict(
				[
					'svelte',
					'svelte/*',
					'@sveltejs/*',
					'$app/*',
					'$env/*',
					'node:*',
					'fs',
					'path',
					'crypto',
					'better-auth',
					'better-auth/*',
					'pino',
					'nodemailer',
					...DB_DRIVERS,
					'#lib/server/*',
					'#lib/ui/*',
					'#lib/forms/*',
					'**/server/**',
					'**/ui/**',
					'**/routes/**'
				],
				'core is pure TypeScript: no framework, database, Node API or outer layer (ARCHITECTURE.md).'
			),
			'no-restricted-syntax': [
				'error',
				{ selector: "CallExpression[callee.object.name='Math'][callee.property.name='random']", message: 'core takes randomness as an argument (house rule 1).' },
				{ selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']", message: 'core takes the time as an argument (house rule 1).' },
				{ selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'core takes the time as an argument (house rule 1).' },
				{ selector: "MemberExpression[object.name='process']", message: 'core reads no environment (house rule 1).' }
			]
		}
	},
	{
		files: ['src/lib/ui/**', 'src/lib/forms/**'],
		rules: restrict(['#lib/server/*', '**/server/**', '$app/server', ...DB_DRIVERS], 'ui and forms never import server code (ARCHITECTURE.md).')
	},
	{
		files: ['src/lib/server/**'],
		ignores: ['src/lib/server/db/**'],
		rules: restrict(
			[...DB_DRIVERS, '#lib/ui/*', '**/routes/**', '$app/*', '$env/*'],
			'Only server/db imports Drizzle, PGlite or pg; server code never imports ui, routes or $app (ARCHITECTURE.md).'
		)
	},
	{
		files: ['src/lib/server/db/**'],
		rules: restrict(['#lib/ui/*', '**/routes/**', '$app/*', '$env/*', '#lib/server/app/*'], 'server/db implements ports; it never imports use cases, ui, routes or $app.')
	},
	{
		files: ['src/routes/**', 'src/hooks.server.ts', 'src/hooks.ts'],
		rules: restrict(['#lib/server/db/*', '**/server/db/**', ...DB_DRIVERS], 'Routes call use cases (server/app), never the database directly (ARCHITECTURE.md).')
	},
	{
		files: ['cli/**'],
		rules: restrict(['#lib/server/db/schema/*', ...DB_DRIVERS], 'The CLI calls use cases through the container, like the routes.')
	}
];
