import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { boundsOf, makeView, parsePosition, pointInAny, pointInPolygon, simplify, svgPath, type PolygonRings } from './geo.ts';

// A square "region" with a square hole (a lake), in lon/lat around Adlershof.
const square: PolygonRings = [
	[
		[13.5, 52.4],
		[13.6, 52.4],
		[13.6, 52.5],
		[13.5, 52.5],
		[13.5, 52.4]
	],
	[
		[13.54, 52.44],
		[13.56, 52.44],
		[13.56, 52.46],
		[13.54, 52.46],
		[13.54, 52.44]
	]
];
// A concave "U": the notch at the top middle is outside.
const u: PolygonRings = [
	[
		[0, 0],
		[3, 0],
		[3, 3],
		[2, 3],
		[2, 1],
		[1, 1],
		[1, 3],
		[0, 3],
		[0, 0]
	]
];

describe('pointInPolygon', () => {
	it.each([
		['inside', [13.52, 52.42], true],
		['in the hole', [13.55, 52.45], false],
		['west of it', [13.49, 52.45], false],
		['north of it', [13.55, 52.51], false]
	] as const)('a point %s', (_n, p, expected) => {
		expect(pointInPolygon(p, square)).toBe(expected);
	});

	it('handles a concave outline: the notch is outside, both arms inside', () => {
		expect(pointInPolygon([1.5, 2], u)).toBe(false);
		expect(pointInPolygon([0.5, 2], u)).toBe(true);
		expect(pointInPolygon([2.5, 2], u)).toBe(true);
		expect(pointInPolygon([1.5, 0.5], u)).toBe(true);
	});

	it('a district-wide round accepts a point in any of its regions', () => {
		const other: PolygonRings = [[[20, 20], [21, 20], [21, 21], [20, 21], [20, 20]]];
		expect(pointInAny([20.5, 20.5], [square, other])).toBe(true);
		expect(pointInAny([15, 15], [square, other])).toBe(false);
		expect(pointInAny([1, 1], [])).toBe(false);
	});

	it('property: points in the notch are outside, points in the arms and the base inside', () => {
		const d = (min: number, max: number) => fc.double({ min, max, noNaN: true });
		fc.assert(fc.property(d(1.01, 1.99), d(1.01, 2.99), (x, y) => !pointInPolygon([x, y], u)));
		fc.assert(fc.property(d(0.01, 0.99), d(0.01, 2.99), (x, y) => pointInPolygon([x, y], u) && pointInPolygon([x + 2, y], u)));
		fc.assert(fc.property(d(0.01, 2.99), d(0.01, 0.99), (x, y) => pointInPolygon([x, y], u)));
		expect(true).toBe(true);
	});
});

describe('map view', () => {
	it('maps the bounds to the SVG box and back, north up', () => {
		const b = boundsOf([square])!;
		const v = makeView(b, 320);
		expect(v.toSvg([13.5, 52.5])).toEqual([0, 0]);
		const [x, y] = v.toSvg([13.6, 52.4]);
		expect(x).toBeCloseTo(320);
		expect(y).toBeCloseTo(v.height, 0);
		// cos(52.45°) ≈ 0.61: the square in degrees is taller than wide on the map.
		expect(v.height).toBeGreaterThan(320);
		const [lon, lat] = v.toGeo(...v.toSvg([13.52, 52.42]));
		expect(lon).toBeCloseTo(13.52, 9);
		expect(lat).toBeCloseTo(52.42, 9);
	});

	it('simplifies a line but keeps its corners', () => {
		const line = [[0, 0], [1, 0.01], [2, 0], [2, 2], [2.01, 3], [2, 4]] as [number, number][];
		expect(simplify(line, 0.1)).toEqual([[0, 0], [2, 0], [2, 4]]);
		expect(simplify(line, 0.001)).toHaveLength(6);
	});

	it('draws one closed path per ring', () => {
		const v = makeView(boundsOf([square])!, 320);
		const d = svgPath([square], v);
		expect(d.match(/M/g)).toHaveLength(2);
		expect(d.endsWith('Z')).toBe(true);
	});
});

describe('parsePosition', () => {
	it.each([
		['13.55', '52.45', [13.55, 52.45]],
		['13.123456789', '52.1', [13.123457, 52.1]],
		['', '', null],
		['13.5', '', null],
		['x', '52', null],
		['200', '52', null],
		['13', '95', null],
		['Infinity', '52', null]
	] as const)('(%s, %s)', (lon, lat, expected) => {
		expect(parsePosition(lon, lat)).toEqual(expected);
	});
});
