/**
 * Who may support, comment and moderate (issue 4). Supporting and commenting need a verified account
 * (PRODUCT.md: read without login; act with an account). Moderating comments follows the general policy
 * (`comment.moderate`, policy.ts) in the place of the idea: a Kiezpat:in moderates the ideas of their own
 * Bezirksregion only (PRODUCT.md roles: "two BVV members per region"); district staff their district.
 */
import { can, type Actor, type Decision } from './policy.ts';

export function mayEngage(actor: Actor | null): Decision {
	if (!actor) return { allowed: false, reason: 'not_signed_in' };
	if (!actor.emailVerified) return { allowed: false, reason: 'email_not_verified' };
	return { allowed: true };
}

/**
 * A round without a region (a district-wide Bürgerhaushalt) lies in no single Bezirksregion, so a
 * region-scoped grant must not cover it; policy.ts reads a missing regionId as "any region", hence this
 * marker, which no real LOR id equals.
 */
export const DISTRICT_WIDE = 'district-wide';

export type Place = { districtId: string; regionId: string | null; roundId: string };

export function mayModerateComments(actor: Actor | null, place: Place): Decision {
	return can(actor, 'comment.moderate', { districtId: place.districtId, regionId: place.regionId ?? DISTRICT_WIDE, roundId: place.roundId });
}
