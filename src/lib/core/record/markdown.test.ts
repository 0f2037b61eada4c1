import { describe, expect, it } from 'vitest';
import { escapeHtml, plainText, renderMarkdown } from './markdown.ts';

describe('renderMarkdown()', () => {
	it('renders headings, paragraphs, lists, emphasis and safe links', () => {
		const html = renderMarkdown('# Kiezkasse\n\nEin **Fest** für *alle*.\n\n- eins\n- zwei\n\n1. erst\n2. dann\n\n[Bezirk](https://www.berlin.de/ba-treptow-koepenick/) und [Dokumente](/dokumente)');
		expect(html).toBe(
			[
				'<h2 class="kern-heading-medium">Kiezkasse</h2>',
				'<p class="kern-body">Ein <strong>Fest</strong> für <em>alle</em>.</p>',
				'<ul class="kern-list"><li>eins</li><li>zwei</li></ul>',
				'<ol class="kern-list"><li>erst</li><li>dann</li></ol>',
				'<p class="kern-body"><a class="kern-link" href="https://www.berlin.de/ba-treptow-koepenick/">Bezirk</a> und <a class="kern-link" href="/dokumente">Dokumente</a></p>'
			].join('\n')
		);
	});

	it.each([
		['<script>alert(1)</script>', '&lt;script&gt;alert(1)&lt;/script&gt;'],
		['<img src=x onerror="alert(1)">', '&lt;img src=x onerror=&quot;alert(1)&quot;&gt;'],
		['[klick](javascript:alert(1))', 'klick)'],
		['[klick](data:text/html;base64,PHNjcmlwdD4=)', 'klick'],
		['[x](https://a.example/"onmouseover="alert(1))', '&quot;']
	])('neutralises %s', (input, expected) => {
		const html = renderMarkdown(input);
		expect(html).toContain(expected);
		expect(html).not.toMatch(/<(script|img|iframe|svg)|href="(javascript|data):|\son\w+="/i);
	});

	it('allows only its own tags in the output, whatever the input', () => {
		const nasty = '<a href="x">a</a> <div onclick=1>b</div> **<b>c</b>** ## <i>d</i>\n### <style>e</style>\n- <li>f</li>';
		const tags = [...renderMarkdown(nasty).matchAll(/<\/?([a-z0-9]+)/gi)].map((m) => m[1]!.toLowerCase());
		for (const t of tags) expect(['h2', 'h3', 'p', 'ul', 'ol', 'li', 'strong', 'em', 'a']).toContain(t);
	});

	it('escapes all five HTML-special characters', () => {
		expect(escapeHtml(`<>&"'`)).toBe('&lt;&gt;&amp;&quot;&#39;');
	});

	it('gives plain text for search and descriptions', () => {
		expect(plainText('## Titel\n\nMit **fett** und [Link](https://x.example)')).toBe('Titel Mit fett und Link');
	});
});
