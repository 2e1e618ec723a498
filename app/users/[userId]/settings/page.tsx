import type { Metadata } from "next";
import { forbidden, notFound, redirect } from "next/navigation";

import { PageHeader } from "@/components/ui/page-header";
import { Section } from "@/components/ui/section";
import { DeleteUserData } from "@/components/users/delete-user-data";
import { UserSettingsForm } from "@/components/users/user-settings-form";
import { ViewerLinks } from "@/components/users/viewer-links";
import { getStore } from "@/lib/store/client";
import { userExists } from "@/lib/store/queries";
import { getUserProfile, PROFILE_PROBLEMS, ProfileError, setUserProfile, type ProfileProblem } from "@/lib/store/user-time-zone";
import { listActiveViewerLinks } from "@/lib/store/viewer-links";

import { withDatabaseNotice } from "../../../database-unavailable";
import { decodeSegment, requirePrincipal } from "../../../page-auth";

interface Props {
  params: Promise<{ userId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

const settingsPath = (userId: string) => `/users/${encodeURIComponent(userId)}/settings`;

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Settings · ${decodeSegment((await params).userId)}` };
}

/** Server action: the operator saves a user's time zone and display name. */
async function saveUserSettings(formData: FormData): Promise<void> {
  "use server";
  const userId = String(formData.get("userId") ?? "");
  const page = settingsPath(userId);
  const principal = await requirePrincipal(page);
  if (principal.role !== "admin") forbidden();
  try {
    await setUserProfile(await getStore(), userId, {
      timezone: String(formData.get("timezone") ?? ""),
      displayName: String(formData.get("displayName") ?? ""),
    });
  } catch (err) {
    // Only a code travels in the URL: the page shows its own text, never text from a link.
    if (err instanceof ProfileError) redirect(`${page}?settings=${err.code}#display`);
    throw err;
  }
  redirect(`${page}?saved=1#display`);
}

/**
 * A user's settings, for the operator only (a viewer gets 403): display name
 * and time zone, viewer links (make, list, revoke), and deleting the user's data.
 */
export default withDatabaseNotice(async function UserSettingsPage({ params, searchParams }: Props) {
  const userId = decodeSegment((await params).userId);
  const { settings, saved } = await searchParams;
  const problem = typeof settings === "string" && Object.hasOwn(PROFILE_PROBLEMS, settings) ? (settings as ProfileProblem) : null;
  const principal = await requirePrincipal(settingsPath(userId));
  if (principal.role !== "admin") forbidden();
  const store = await getStore();
  const [exists, profile, links] = await Promise.all([
    userExists(store, userId),
    getUserProfile(store, userId),
    listActiveViewerLinks(store, userId),
  ]);
  // A user Asleep has not sent yet may still have links (made with `npm run link`): those stay manageable.
  if (!exists && links.length === 0) notFound();
  const userPage = `/users/${encodeURIComponent(userId)}`;

  return (
    <main className="mx-auto max-w-5xl px-4 py-6 sm:px-6 sm:py-10">
      <PageHeader crumbs={[{ href: userPage, label: userId }]} title="Settings">
        {profile.displayName ? `${profile.displayName} · ` : ""}
        <span className="break-all">{userId}</span>
      </PageHeader>

      <Section title="Display" id="display">
        <UserSettingsForm
          userId={userId}
          profile={profile}
          action={saveUserSettings}
          error={problem ? `Not saved: ${PROFILE_PROBLEMS[problem]}` : null}
        />
        {saved === "1" && !problem ? (
          <p role="status" className="mt-2 text-sm text-emerald-700 dark:text-emerald-300">
            Saved.
          </p>
        ) : null}
      </Section>

      <Section title="Viewer links" id="links">
        <p className="mb-3 text-sm text-slate-600 dark:text-slate-300">
          A link signs the viewer in to this user&apos;s nights only, until it expires or you revoke it. Revoking a link
          also signs out every browser that opened it.
        </p>
        <ViewerLinks userId={userId} links={links} />
      </Section>

      <Section title="Delete all of this user's data" id="delete">
        <DeleteUserData userId={userId} />
      </Section>
    </main>
  );
});
