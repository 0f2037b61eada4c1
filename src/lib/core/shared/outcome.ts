/**
 * What a use case returns (ARCHITECTURE house rule 4). Routes map it to a redirect or fail(4xx) in one
 * helper; only bugs throw.
 */
export type FieldIssues = Record<string, string>;

export type Outcome<T> =
	| { kind: 'ok'; value: T }
	| { kind: 'invalid'; issues: FieldIssues }
	| { kind: 'forbidden'; reason: string }
	| { kind: 'not_found' }
	| { kind: 'conflict'; reason: string };

export const ok = <T>(value: T): Outcome<T> => ({ kind: 'ok', value });
export const invalid = (issues: FieldIssues): Outcome<never> => ({ kind: 'invalid', issues });
export const forbidden = (reason: string): Outcome<never> => ({ kind: 'forbidden', reason });
export const notFound = (): Outcome<never> => ({ kind: 'not_found' });
export const conflict = (reason: string): Outcome<never> => ({ kind: 'conflict', reason });

/** Ends every exhaustive `switch` over a discriminated union (house rule 2). */
export function assertNever(x: never): never {
	throw new Error(`Unexpected value: ${JSON.stringify(x)}`);
}
