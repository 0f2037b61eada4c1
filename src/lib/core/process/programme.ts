/**
 * Programmes are configured from templates, not programmed (PRODUCT.md problem 5). A programme's rules are
 * typed data; the templates below follow the real models named in PRODUCT.md "Programmes" and domain.md.
 */
import type { Cents } from '../shared/money.ts';

export const PHASES = ['announcement', 'ideas', 'review', 'assembly', 'voting', 'implementation', 'settlement', 'closed'] as const;
export type PhaseKey = (typeof PHASES)[number];

export type ApplicantType = 'person' | 'initiative' | 'association' | 'organisation';
export type DecisionBody = 'assembly' | 'jury' | 'administration' | 'online_vote' | 'bvv';
export type WhoMayVote = 'residents_present' | 'everyone_present' | 'registered_residents' | 'everyone';
export type BallotType = 'yes_no_abstain' | 'approval' | 'knapsack' | 'cumulative' | 'score' | 'ranked';
export type SettlementMode = 'advance' | 'reimbursement';

export type CostCategory = { key: string; label: string; eligible: boolean; reason?: string };

export type AllocationRule =
	| { kind: 'proportional_with_floor'; totalCents: Cents; floorCents: Cents; stepCents: Cents }
	| { kind: 'fixed'; perRegionCents: Cents };

export type ProgrammeRules = {
	applicantTypes: ApplicantType[];
	costCategories: CostCategory[];
	capPerProjectCents: Cents | null;
	eligibilityChecklist: string[];
	decisionBody: DecisionBody;
	whoMayVote: WhoMayVote;
	ballot: BallotType;
	tallyRule: string;
	tieBreak: string[];
	settlement: SettlementMode;
	allocation: AllocationRule;
	/** Phases of a round in order, with default offsets in days from the start of the budget year. */
	phases: { key: PhaseKey; startDay: number; endDay: number | null }[];
};

export const TEMPLATE_KEYS = ['kiezkasse', 'stadtteilbudget', 'regionalkasse', 'kiezfonds_jury', 'buergerhaushalt'] as const;
export type TemplateKey = (typeof TEMPLATE_KEYS)[number];

const STANDARD_CATEGORIES: CostCategory[] = [
	{ key: 'material', label: 'Material', eligible: true },
	{ key: 'fees', label: 'Honorare', eligible: true },
	{ key: 'rent', label: 'Miete und Technik', eligible: true },
	{ key: 'print', label: 'Druck und Öffentlichkeitsarbeit', eligible: true },
	// Kiezkasse guidelines of Treptow-Köpenick exclude food and drink (domain.md §1.3).
	{ key: 'catering', label: 'Essen und Getränke', eligible: false, reason: 'Verpflegung wird aus der Kiezkasse nicht gefördert.' },
	{ key: 'staff', label: 'Personal', eligible: false, reason: 'Laufende Personalkosten werden nicht gefördert.' }
];

const CHECKLIST = ['public_benefit', 'publicly_accessible', 'in_region', 'not_started', 'no_excluded_costs', 'within_cap', 'owner_consent'];

export const TEMPLATES: Record<TemplateKey, ProgrammeRules> = {
	kiezkasse: {
		applicantTypes: ['person', 'initiative', 'association'],
		costCategories: STANDARD_CATEGORIES,
		capPerProjectCents: null,
		eligibilityChecklist: CHECKLIST,
		decisionBody: 'assembly',
		whoMayVote: 'residents_present',
		ballot: 'yes_no_abstain',
		tallyRule: 'assembly-majority-fill',
		tieBreak: ['lower-cost', 'more-supporters', 'lottery', 'id'],
		settlement: 'reimbursement',
		allocation: { kind: 'proportional_with_floor', totalCents: 10_000_000, floorCents: 260_000, stepCents: 10_000 },
		phases: [
			{ key: 'announcement', startDay: 31, endDay: 45 },
			{ key: 'ideas', startDay: 45, endDay: 105 },
			{ key: 'review', startDay: 105, endDay: 125 },
			{ key: 'assembly', startDay: 125, endDay: 160 },
			{ key: 'implementation', startDay: 160, endDay: 340 },
			{ key: 'settlement', startDay: 340, endDay: 365 }
		]
	},
	stadtteilbudget: {
		applicantTypes: ['person', 'initiative', 'association', 'organisation'],
		costCategories: STANDARD_CATEGORIES,
		capPerProjectCents: 1_000_000,
		eligibilityChecklist: CHECKLIST,
		decisionBody: 'online_vote',
		whoMayVote: 'registered_residents',
		ballot: 'approval',
		tallyRule: 'greedy',
		tieBreak: ['lower-cost', 'more-supporters', 'lottery', 'id'],
		settlement: 'advance',
		allocation: { kind: 'fixed', perRegionCents: 1_000_000 },
		phases: [
			{ key: 'ideas', startDay: 31, endDay: 90 },
			{ key: 'review', startDay: 90, endDay: 130 },
			{ key: 'voting', startDay: 130, endDay: 150 },
			{ key: 'implementation', startDay: 150, endDay: 365 }
		]
	},
	regionalkasse: {
		applicantTypes: ['person', 'initiative', 'association'],
		costCategories: STANDARD_CATEGORIES,
		capPerProjectCents: 300_000,
		eligibilityChecklist: CHECKLIST,
		decisionBody: 'administration',
		whoMayVote: 'everyone',
		ballot: 'approval',
		tallyRule: 'administration',
		tieBreak: ['id'],
		settlement: 'reimbursement',
		allocation: { kind: 'fixed', perRegionCents: 1_500_000 },
		phases: [
			{ key: 'ideas', startDay: 0, endDay: 300 },
			{ key: 'review', startDay: 0, endDay: 320 },
			{ key: 'implementation', startDay: 0, endDay: 365 }
		]
	},
	kiezfonds_jury: {
		applicantTypes: ['person', 'initiative', 'association'],
		costCategories: STANDARD_CATEGORIES,
		capPerProjectCents: 150_000,
		eligibilityChecklist: CHECKLIST,
		decisionBody: 'jury',
		whoMayVote: 'everyone_present',
		ballot: 'yes_no_abstain',
		tallyRule: 'assembly-majority-fill',
		tieBreak: ['lower-cost', 'id'],
		settlement: 'advance',
		allocation: { kind: 'fixed', perRegionCents: 500_000 },
		phases: [
			{ key: 'ideas', startDay: 0, endDay: 335 },
			{ key: 'assembly', startDay: 30, endDay: 365 },
			{ key: 'implementation', startDay: 30, endDay: 365 }
		]
	},
	buergerhaushalt: {
		applicantTypes: ['person', 'initiative', 'association', 'organisation'],
		costCategories: STANDARD_CATEGORIES,
		capPerProjectCents: 2_000_000,
		eligibilityChecklist: [...CHECKLIST, 'feasible'],
		decisionBody: 'online_vote',
		whoMayVote: 'registered_residents',
		ballot: 'approval',
		tallyRule: 'mes-add1',
		tieBreak: ['lower-cost', 'more-supporters', 'lottery', 'id'],
		settlement: 'advance',
		allocation: { kind: 'fixed', perRegionCents: 20_000_000 },
		phases: [
			{ key: 'ideas', startDay: 31, endDay: 90 },
			{ key: 'review', startDay: 90, endDay: 180 },
			{ key: 'voting', startDay: 180, endDay: 200 },
			{ key: 'implementation', startDay: 240, endDay: 365 }
		]
	}
};

/** What each phase allows (ARCHITECTURE house rule 6: one table). */
export type PhaseCapability = 'submit_idea' | 'edit_own_idea' | 'support' | 'comment' | 'review' | 'vote' | 'apply_for_grant' | 'settle';

export const PHASE_ALLOWS: Record<PhaseKey, readonly PhaseCapability[]> = {
	announcement: ['comment'],
	ideas: ['submit_idea', 'edit_own_idea', 'support', 'comment'],
	review: ['review', 'comment'],
	assembly: ['vote', 'comment'],
	voting: ['vote'],
	implementation: ['apply_for_grant', 'comment'],
	settlement: ['settle'],
	closed: []
};

export function phaseAllows(phase: PhaseKey | null, capability: PhaseCapability): boolean {
	return phase !== null && PHASE_ALLOWS[phase].includes(capability);
}

/** Dates of a round's phases for a year from the template's offsets (UTC midnight, Berlin dates). */
export function defaultPhaseDates(rules: ProgrammeRules, year: number): { key: PhaseKey; startsAt: string; endsAt: string | null }[] {
	const day = (d: number) => new Date(Date.UTC(year, 0, 1 + d)).toISOString();
	return rules.phases.map((p) => ({ key: p.key, startsAt: day(p.startDay), endsAt: p.endDay === null ? null : day(p.endDay) }));
}
