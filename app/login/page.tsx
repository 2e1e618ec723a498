/** /login: the operator signs in with NOCTURNE_ADMIN_TOKEN; viewers are told to use their link. */
import { safeNext } from "@/lib/auth/sign-in";

export const dynamic = "force-dynamic";

const ERRORS: Record<string, string> = {
  token: "That token is not the operator token (NOCTURNE_ADMIN_TOKEN).",
  link: "That sign-in link is invalid or has expired. Ask your operator for a new one.",
};

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const { error, next } = await searchParams;
  const message = error ? ERRORS[error] : undefined;
  return (
    <main className="mx-auto flex min-h-screen max-w-md flex-col justify-center gap-6 p-6">
      <div>
        <h1 className="text-2xl font-semibold">Nocturne</h1>
        <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">Operator sign-in</p>
      </div>
      {message && (
        <p role="alert" className="rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-800 dark:border-red-800 dark:bg-red-950 dark:text-red-200">
          {message}
        </p>
      )}
      <form method="post" action="/api/auth/login" className="flex flex-col gap-3">
        <input type="hidden" name="next" value={safeNext(next)} />
        <label htmlFor="token" className="text-sm font-medium">
          Operator token
        </label>
        <input
          id="token"
          name="token"
          type="password"
          required
          autoComplete="current-password"
          className="rounded-md border border-slate-300 bg-white px-3 py-2 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500 dark:border-slate-700 dark:bg-slate-900"
        />
        <button
          type="submit"
          className="rounded-md bg-indigo-600 px-4 py-2 font-medium text-white hover:bg-indigo-500 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-400 focus-visible:ring-offset-2"
        >
          Sign in
        </button>
      </form>
      <p className="text-sm text-slate-600 dark:text-slate-400">
        Watching your own sleep? Open the sign-in link you were sent; this page is for the operator.
      </p>
    </main>
  );
}
