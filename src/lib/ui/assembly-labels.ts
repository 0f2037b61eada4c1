import * as m from '#lib/paraglide/messages.js';

/** Labels of the assembly's states and outcomes (issue 5), shared by the staff pages and the projector. */
export function stateLabel(s: string): string {
	return s === 'preparing' ? m.assembly_state_preparing() : s === 'running' ? m.assembly_state_running() : m.assembly_state_closed();
}

export function outcomeLabel(o: string): string {
	return o === 'funded' ? m.assembly_outcome_funded() : o === 'rejected' ? m.assembly_outcome_rejected() : o === 'does_not_fit' ? m.assembly_outcome_does_not_fit() : m.assembly_outcome_open();
}

type Entry = { kind: 'yes_no'; yes: number; no: number; abstain: number } | { kind: 'dots'; points: number } | { kind: 'consensus'; agreed: boolean };

export function votesLabel(e: Entry): string {
	return e.kind === 'yes_no'
		? m.assembly_votes_yes_no({ yes: String(e.yes), no: String(e.no), abstain: String(e.abstain) })
		: e.kind === 'dots'
			? m.assembly_votes_points({ points: String(e.points) })
			: e.agreed
				? m.assembly_consensus_agreed()
				: m.assembly_consensus_not_agreed();
}
