/**
 * The short text of a project on the ballot (issue 5: "each with cost, image, short text and map
 * position"): the start of the idea's description as one plain line, cut at a word boundary.
 */
export const BLURB_CHARS = 200;

/** Whitespace folded to single spaces; at most `max` characters, cut at the last space, ending in "…". */
export function blurb(description: string, max = BLURB_CHARS): { text: string; cut: boolean } {
	const flat = description.replace(/\s+/g, ' ').trim();
	if (flat.length <= max) return { text: flat, cut: false };
	const head = flat.slice(0, max);
	const space = head.lastIndexOf(' ');
	const text = (space > max / 2 ? head.slice(0, space) : head).replace(/[\s.,;:!?–-]+$/, '');
	return { text: `${text}…`, cut: true };
}
