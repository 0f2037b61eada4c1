import * as m from '#lib/paraglide/messages.js';

export function orgKindLabel(kind: string): string {
	switch (kind) {
		case 'initiative':
			return m.orgs_kind_initiative();
		case 'association':
			return m.orgs_kind_association();
		case 'provider':
			return m.orgs_kind_provider();
		default:
			return kind;
	}
}
