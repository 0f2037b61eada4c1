/**
 * Where an idea is: a point inside its region (issue 4). Pure planar geometry on WGS 84 longitude/latitude,
 * which is exact enough for "inside a Bezirksregion" (regions are a few km wide; LOR 2021 polygons).
 * The map is drawn by our own SVG (no tile server, no third-party request: public-sector.md D-08).
 */

export type Position = readonly [number, number];
/** GeoJSON Polygon coordinates: the outer ring first, then holes (RFC 7946 §3.1.6). */
export type PolygonRings = readonly (readonly Position[])[];

/** Ray casting (even–odd rule, W. R. Franklin's PNPOLY) over one ring. Points exactly on an edge may fall either way. */
function inRing(p: Position, ring: readonly Position[]): boolean {
	let inside = false;
	const [x, y] = p;
	for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
		const [xi, yi] = ring[i]!;
		const [xj, yj] = ring[j]!;
		if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
	}
	return inside;
}

/** Inside the outer ring and in none of the holes. */
export function pointInPolygon(p: Position, polygon: PolygonRings): boolean {
	const [outer, ...holes] = polygon;
	if (!outer || !inRing(p, outer)) return false;
	return !holes.some((h) => inRing(p, h));
}

/** A district-wide round covers all its regions: inside any of them. */
export const pointInAny = (p: Position, polygons: readonly PolygonRings[]) => polygons.some((poly) => pointInPolygon(p, poly));

export type Bounds = { minX: number; minY: number; maxX: number; maxY: number };

export function boundsOf(polygons: readonly PolygonRings[]): Bounds | null {
	let minX = Infinity;
	let minY = Infinity;
	let maxX = -Infinity;
	let maxY = -Infinity;
	for (const poly of polygons)
		for (const ring of poly)
			for (const [x, y] of ring) {
				if (x < minX) minX = x;
				if (x > maxX) maxX = x;
				if (y < minY) minY = y;
				if (y > maxY) maxY = y;
			}
	return Number.isFinite(minX) ? { minX, minY, maxX, maxY } : null;
}

/**
 * An equirectangular view of the bounds into a `width`-wide SVG box: longitudes are shrunk by cos(latitude)
 * so shapes are not stretched (Snyder, Map Projections — A Working Manual, USGS 1987, p. 90). North is up.
 */
export type View = { width: number; height: number; toSvg(p: Position): [number, number]; toGeo(x: number, y: number): [number, number] };

export function makeView(b: Bounds, width: number): View {
	const midLat = ((b.minY + b.maxY) / 2) * (Math.PI / 180);
	const kx = Math.cos(midLat);
	const spanX = Math.max((b.maxX - b.minX) * kx, 1e-9);
	const spanY = Math.max(b.maxY - b.minY, 1e-9);
	const scale = width / spanX;
	const height = Math.max(1, Math.round(spanY * scale));
	return {
		width,
		height,
		toSvg: ([lon, lat]) => [(lon - b.minX) * kx * scale, (b.maxY - lat) * scale],
		toGeo: (x, y) => [b.minX + x / scale / kx, b.maxY - y / scale]
	};
}

function perpendicular(p: readonly number[], a: readonly number[], b: readonly number[]): number {
	const dx = b[0]! - a[0]!;
	const dy = b[1]! - a[1]!;
	const len = Math.hypot(dx, dy);
	if (len === 0) return Math.hypot(p[0]! - a[0]!, p[1]! - a[1]!);
	return Math.abs(dy * p[0]! - dx * p[1]! + b[0]! * a[1]! - b[1]! * a[0]!) / len;
}

/** Douglas–Peucker line simplification (Douglas & Peucker 1973), iterative; keeps first and last point. */
export function simplify(points: readonly (readonly [number, number])[], tolerance: number): [number, number][] {
	if (points.length <= 3) return points.map(([x, y]) => [x, y]);
	const keep = new Uint8Array(points.length);
	keep[0] = 1;
	keep[points.length - 1] = 1;
	const stack: [number, number][] = [[0, points.length - 1]];
	while (stack.length > 0) {
		const [s, e] = stack.pop()!;
		let maxD = 0;
		let idx = -1;
		for (let i = s + 1; i < e; i++) {
			const d = perpendicular(points[i]!, points[s]!, points[e]!);
			if (d > maxD) {
				maxD = d;
				idx = i;
			}
		}
		if (idx >= 0 && maxD > tolerance) {
			keep[idx] = 1;
			stack.push([s, idx], [idx, e]);
		}
	}
	return points.filter((_, i) => keep[i]).map(([x, y]) => [x, y]);
}

/** SVG path data for polygons in a view, simplified to about half a pixel and rounded to 0.1 px. */
export function svgPath(polygons: readonly PolygonRings[], view: View, tolerancePx = 0.5): string {
	const parts: string[] = [];
	for (const poly of polygons)
		for (const ring of poly) {
			const pts = simplify(ring.map((p) => view.toSvg(p)), tolerancePx);
			if (pts.length < 3) continue;
			parts.push('M' + pts.map(([x, y]) => `${Math.round(x * 10) / 10},${Math.round(y * 10) / 10}`).join('L') + 'Z');
		}
	return parts.join('');
}

/** A longitude/latitude pair from form fields, or null when absent or not a finite WGS 84 coordinate. */
export function parsePosition(lon: string, lat: string): Position | null {
	if (lon.trim() === '' || lat.trim() === '') return null;
	const x = Number(lon);
	const y = Number(lat);
	if (!Number.isFinite(x) || !Number.isFinite(y) || Math.abs(x) > 180 || Math.abs(y) > 90) return null;
	// Six decimals are about 10 cm: more would only pretend precision (and identify a front door no better).
	return [Math.round(x * 1e6) / 1e6, Math.round(y * 1e6) / 1e6];
}
