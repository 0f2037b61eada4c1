import { describe, expect, it } from 'vitest';
import { TEMPLATES } from '../process/programme.ts';
import { parsePabulib, writePabulib } from '../tally/pabulib.ts';
import { tally } from '../tally/tally.ts';
import { canonicalJson, configHash, electionFor, specFor, voteConfigFor, type VoteConfig } from './vote.ts';

const projects = [
	{ id: 'p1', title: 'Bänke', costCents: 250_000 },
	{ id: 'p2', title: 'Brunnen', costCents: 600_000 },
	{ id: 'p3', title: 'Bücherzelle', costCents: 190_050 }
];
const round = { slug: 'r', title: 'Runde', budgetCents: 1_000_000 };

function config(overrides: Partial<VoteConfig> = {}): VoteConfig {
	const made = voteConfigFor({ round, rules: TEMPLATES.buergerhaushalt, projects }, 'seed');
	if (!made.ok) throw new Error(made.problem);
	return { ...made.config, ...overrides };
}

describe('the vote of a round as data', () => {
	it('takes ballot, identity and rule from the programme', () => {
		expect(config()).toMatchObject({ ballot: { kind: 'approval', maxPicks: 3 }, identity: 'code', allowChange: false, tallyRule: 'mes-add1' });
		const s = voteConfigFor({ round, rules: { ...TEMPLATES.stadtteilbudget, ballot: 'knapsack', whoMayVote: 'everyone' }, projects }, 's');
		expect(s.ok && s.config).toMatchObject({ ballot: { kind: 'knapsack', budgetCents: 1_000_000 }, identity: 'account' });
	});

	it('refuses what cannot be voted online', () => {
		expect(voteConfigFor({ round, rules: TEMPLATES.kiezkasse, projects }, 's')).toEqual({ ok: false, problem: 'ballot_not_online' });
		expect(voteConfigFor({ round, rules: TEMPLATES.buergerhaushalt, projects: [] }, 's')).toEqual({ ok: false, problem: 'no_projects' });
		expect(voteConfigFor({ round, rules: { ...TEMPLATES.regionalkasse }, projects }, 's')).toEqual({ ok: false, problem: 'rule_not_online' });
	});

	it('hashes the configuration independently of key order', () => {
		const c = config();
		const reordered = Object.fromEntries(Object.entries(c).reverse()) as VoteConfig;
		expect(configHash(reordered)).toBe(configHash(c));
		expect(configHash({ ...c, allowChange: true })).not.toBe(configHash(c));
		expect(canonicalJson({ b: [1, { d: 2, c: 3 }], a: null })).toBe('{"a":null,"b":[1,{"c":3,"d":2}]}');
	});

	it('maps the rule keys to tally specs with the published lottery seed', () => {
		expect(specFor(config())).toMatchObject({ rule: 'mes', utility: 'cost', completion: 'add1', tieBreak: [{ kind: 'lower-cost' }, { kind: 'more-supporters' }, { kind: 'lottery', seed: 'seed' }, { kind: 'id' }] });
		expect(specFor(config({ tallyRule: 'greedy', ballot: { kind: 'cumulative', totalPoints: 10, maxPerProject: 3 } }))).toMatchObject({ rule: 'greedy', score: 'points' });
		expect(specFor(config({ tallyRule: 'assembly-majority-fill' }))).toBeNull();
	});

	it('writes ballots as a Pabulib file that reads back to the same count (cents stay exact)', () => {
		const c = config({ ballot: { kind: 'cumulative', totalPoints: 10, maxPerProject: 5 }, tallyRule: 'greedy' });
		const e = electionFor(c, [[{ projectId: 'p3', points: 5 }, { projectId: 'p1', points: 2 }], [{ projectId: 'p2', points: 4 }], []]);
		const file = writePabulib(e);
		expect(file).toContain('p3;1900.5');
		const back = parsePabulib(file);
		expect(back.ballots).toHaveLength(3);
		const spec = specFor(c)!;
		expect(tally(back, spec).winners).toEqual(tally(e, spec).winners);
		expect(() => electionFor(c, [[{ projectId: 'zz', points: 1 }]])).toThrow(/not on the ballot/);
	});
});
