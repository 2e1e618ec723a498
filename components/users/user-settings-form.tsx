/**
 * The operator's form for a user's display settings: the time zone their
 * live nights are shown in and the name on their page. Posts to a server
 * action; `error` is the message of a refused save.
 */
export function UserSettingsForm({
  userId,
  profile,
  action,
  error,
}: {
  userId: string;
  /** The saved settings (lib/store/user-time-zone.ts UserProfile). */
  profile: { timezone: string | null; displayName: string | null };
  action: (formData: FormData) => Promise<void>;
  error?: string | null;
}) {
  const field =
    "rounded-md border border-slate-300 bg-white px-2 py-1 text-sm focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500 dark:border-slate-700 dark:bg-slate-900";
  return (
    <form action={action} className="flex flex-wrap items-end gap-3 text-sm" aria-label="User settings">
      <input type="hidden" name="userId" value={userId} />
      <label className="flex flex-col gap-1">
        <span className="text-xs font-medium text-slate-500 dark:text-slate-400">
          Time zone (IANA, e.g. Europe/Paris)
        </span>
        <input
          name="timezone"
          defaultValue={profile.timezone ?? ""}
          placeholder="from the latest report"
          className={field}
        />
      </label>
      <label className="flex flex-col gap-1">
        <span className="text-xs font-medium text-slate-500 dark:text-slate-400">Display name</span>
        <input
          name="displayName"
          defaultValue={profile.displayName ?? ""}
          placeholder="My sleep"
          maxLength={80}
          className={field}
        />
      </label>
      <button
        type="submit"
        className="rounded-md bg-indigo-600 px-3 py-1.5 font-medium text-white hover:bg-indigo-500 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-400 focus-visible:ring-offset-2"
      >
        Save
      </button>
      {error ? (
        <p role="alert" className="w-full text-red-700 dark:text-red-300">
          {error}
        </p>
      ) : null}
    </form>
  );
}
