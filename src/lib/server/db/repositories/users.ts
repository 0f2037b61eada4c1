import { eq, sql } from 'drizzle-orm';
import type { RoleGrant, Role, Scope } from '../../../core/access/policy.ts';
import { ROLES } from '../../../core/access/policy.ts';
import type { DbOrTx } from '../client.ts';
import { region, roleAssignment, round, user } from '../schema/index.ts';

export async function pseudonymTaken(db: DbOrTx, pseudonym: string): Promise<boolean> {
	const rows = await db
		.select({ id: user.id })
		.from(user)
		.where(sql`lower(${user.pseudonym}) = lower(${pseudonym})`)
		.limit(1);
	return rows.length > 0;
}

/** The user's role grants with their scopes resolved up to the district (core/access needs the chain). */
export async function loadGrants(db: DbOrTx, userId: string): Promise<RoleGrant[]> {
	const rows = await db
		.select({
			role: roleAssignment.role,
			scopeKind: roleAssignment.scopeKind,
			scopeId: roleAssignment.scopeId,
			regionDistrict: region.districtId,
			roundRegion: round.regionId
		})
		.from(roleAssignment)
		.leftJoin(region, sql`${roleAssignment.scopeKind} = 'region' AND ${region.id} = ${roleAssignment.scopeId}`)
		.leftJoin(round, sql`${roleAssignment.scopeKind} = 'round' AND ${round.id}::text = ${roleAssignment.scopeId}`)
		.where(eq(roleAssignment.userId, userId));
	const grants: RoleGrant[] = [];
	for (const r of rows) {
		if (!(ROLES as readonly string[]).includes(r.role)) continue;
		let scope: Scope | null = null;
		if (r.scopeKind === 'platform') scope = { kind: 'platform' };
		else if (r.scopeKind === 'district') scope = { kind: 'district', id: r.scopeId };
		else if (r.scopeKind === 'region' && r.regionDistrict) scope = { kind: 'region', id: r.scopeId, districtId: r.regionDistrict };
		else if (r.scopeKind === 'round' && r.roundRegion) {
			const [reg] = await db.select({ districtId: region.districtId }).from(region).where(eq(region.id, r.roundRegion));
			if (reg) scope = { kind: 'round', id: r.scopeId, regionId: r.roundRegion, districtId: reg.districtId };
		}
		if (scope) grants.push({ role: r.role as Role, scope });
	}
	return grants;
}
