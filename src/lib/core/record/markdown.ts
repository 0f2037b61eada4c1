/**
 * A tiny, safe Markdown subset for the knowledge base (issue 8: "editable by staff in Markdown (sanitised)").
 *
 * Why not a full renderer: Markdown allows raw HTML, so a full renderer needs a sanitiser with an allow-list
 * after it (OWASP XSS Prevention Cheat Sheet, rule "sanitise HTML markup with a library designed for the job").
 * This renderer never lets HTML through in the first place: every character of the input is escaped, and the
 * only tags in the output are the ones written below. Links accept only https:, http:, mailto: and paths on
 * this site, so `javascript:` URLs cannot appear (OWASP, "URL contexts").
 *
 * Supported: headings (## and ###; # becomes ## because the page has its own h1), paragraphs, lists (- and
 * 1.), **bold**, *italic*, [links](https://…), and blank-line separated blocks. Everything else is text.
 */

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

const SAFE_URL = /^(https?:\/\/[^\s"'<>]+|mailto:[^\s"'<>]+|\/[^\s"'<>]*)$/i;

/** Inline markup on one block's text: escape first, then add the few tags we allow. */
function inline(raw: string): string {
	let s = escapeHtml(raw);
	// Links: [text](url). The URL was escaped too; quotes are now entities, so it cannot leave the attribute.
	s = s.replace(/\[([^\]]{1,300})\]\(([^)\s]{1,500})\)/g, (whole, text: string, url: string) => {
		const plain = url.replace(/&amp;/g, '&');
		if (!SAFE_URL.test(plain)) return text;
		return `<a class="kern-link" href="${url}">${text}</a>`;
	});
	s = s.replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>');
	s = s.replace(/(^|[^*])\*([^*\s][^*]*)\*/g, '$1<em>$2</em>');
	return s;
}

type Block = { kind: 'h2' | 'h3' | 'p'; text: string } | { kind: 'ul' | 'ol'; items: string[] };

function blocks(md: string): Block[] {
	const out: Block[] = [];
	let para: string[] = [];
	let list: { kind: 'ul' | 'ol'; items: string[] } | null = null;
	const flush = () => {
		if (para.length) out.push({ kind: 'p', text: para.join(' ') });
		para = [];
		if (list) out.push(list);
		list = null;
	};
	for (const rawLine of md.replace(/\r\n?/g, '\n').split('\n')) {
		const line = rawLine.trimEnd();
		const heading = /^(#{1,6})\s+(.+)$/.exec(line);
		const bullet = /^\s*[-*]\s+(.+)$/.exec(line);
		const numbered = /^\s*\d{1,3}[.)]\s+(.+)$/.exec(line);
		if (line.trim() === '') flush();
		else if (heading) {
			flush();
			out.push({ kind: heading[1]!.length <= 2 ? 'h2' : 'h3', text: heading[2]! });
		} else if (bullet || numbered) {
			const kind = bullet ? 'ul' : 'ol';
			if (para.length) {
				out.push({ kind: 'p', text: para.join(' ') });
				para = [];
			}
			if (list && list.kind !== kind) {
				out.push(list);
				list = null;
			}
			list ??= { kind, items: [] };
			list.items.push((bullet ?? numbered)![1]!);
		} else if (list && /^\s{2,}\S/.test(rawLine)) {
			// An indented line continues the last list item.
			list.items[list.items.length - 1] += ` ${line.trim()}`;
		} else {
			if (list) {
				out.push(list);
				list = null;
			}
			para.push(line.trim());
		}
	}
	flush();
	return out;
}

/** Renders the subset to HTML that contains only the tags h2, h3, p, ul, ol, li, strong, em and a. */
export function renderMarkdown(md: string): string {
	return blocks(md)
		.map((b) => {
			switch (b.kind) {
				case 'h2':
					return `<h2 class="kern-heading-medium">${inline(b.text)}</h2>`;
				case 'h3':
					return `<h3 class="kern-heading-small">${inline(b.text)}</h3>`;
				case 'p':
					return `<p class="kern-body">${inline(b.text)}</p>`;
				case 'ul':
				case 'ol':
					return `<${b.kind} class="kern-list">${b.items.map((i) => `<li>${inline(i)}</li>`).join('')}</${b.kind}>`;
			}
		})
		.join('\n');
}

/** The plain text of a page, for search and for the <meta name="description">. */
export function plainText(md: string): string {
	return md
		.replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
		.replace(/[#*_`>]/g, '')
		.replace(/\s+/g, ' ')
		.trim();
}
