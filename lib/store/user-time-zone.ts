/**
 * A user's display settings, set by the operator (User.timezone,
 * User.displayName), and the time zone their live nights are shown in: the
 * operator's choice, else the zone of their latest report (Asleep's
 * `timezone` on SESSION_COMPLETE). Pages fall back to the viewer's browser
 * zone, then UTC, when that is null.
 */
import type { Store } from "./client";

/** What the operator may set for a user; null clears a field. */
export interface UserProfile {
  /** IANA zone name, e.g. "Europe/Paris". */
  timezone: string | null;
  /** Shown as the viewer's page title instead of "My sleep" (1-80 characters). */
  displayName: string | null;
}

/** Whether the runtime knows `tz` as an IANA time zone. */
export function isKnownTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat("en-GB", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** The operator's settings for a user; both null for an unknown user. */
export async function getUserProfile(store: Store, userId: string): Promise<UserProfile> {
  const row = await store.prisma.user.findUnique({
    where: { id: userId },
    select: { timezone: true, displayName: true },
  });
  return { timezone: row?.timezone ?? null, displayName: row?.displayName ?? null };
}

/** Why a profile was not saved: a code a page may carry in its URL, and its text. */
export const PROFILE_PROBLEMS = {
  timezone: 'unknown time zone: use an IANA name such as "Europe/Paris"',
  "name-length": "display name over 80 characters",
  "name-characters": "display name has control or text-direction characters",
} as const;
export type ProfileProblem = keyof typeof PROFILE_PROBLEMS;

/** A refused profile: `code` names the problem ({@link PROFILE_PROBLEMS}). */
export class ProfileError extends RangeError {
  constructor(readonly code: ProfileProblem) {
    super(PROFILE_PROBLEMS[code]);
  }
}

/** C0/C1 controls and the bidirectional overrides, embeddings, isolates and marks that reorder the text around a name. */
const NAME_FORBIDDEN = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

/**
 * Stores the operator's settings for a user (creating the user if Asleep has
 * not sent anything for them yet). Blank strings clear a field.
 * @throws ProfileError (a RangeError) for a zone the runtime does not know, or a
 *   name over 80 characters or with control / text-direction characters
 */
export async function setUserProfile(store: Store, userId: string, profile: UserProfile): Promise<UserProfile> {
  const timezone = profile.timezone?.trim() || null;
  const displayName = profile.displayName?.trim() || null;
  if (timezone && !isKnownTimeZone(timezone)) throw new ProfileError("timezone");
  if (displayName && displayName.length > 80) throw new ProfileError("name-length");
  if (displayName && NAME_FORBIDDEN.test(displayName)) throw new ProfileError("name-characters");
  const row = await store.prisma.user.upsert({
    where: { id: userId },
    create: { id: userId, timezone, displayName },
    update: { timezone, displayName },
    select: { timezone: true, displayName: true },
  });
  return row;
}

/** The operator's zone for the user, else the zone of their newest COMPLETE night that has one; null when neither. */
export async function getUserTimeZone(store: Store, userId: string): Promise<string | null> {
  const [profile, row] = await Promise.all([
    getUserProfile(store, userId),
    store.prisma.sleepSession.findFirst({
      where: { userId, state: "COMPLETE", timezone: { not: null } },
      orderBy: [{ startTime: "desc" }, { id: "desc" }],
      select: { timezone: true },
    }),
  ]);
  return profile.timezone ?? row?.timezone ?? null;
}
