import { defineConfig } from 'vitest/config';
// Fast loop for pure code (core, forms): no SvelteKit plugin, no database template.
export default defineConfig({ test: { include: ['src/lib/core/**/*.test.ts', 'src/lib/forms/**/*.test.ts'], expect: { requireAssertions: true } } });
