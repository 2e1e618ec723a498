import type { Metadata } from "next";
import Link from "next/link";

export const metadata: Metadata = { title: "Not yours" };

export default function Forbidden() {
  return (
    <main className="mx-auto max-w-xl px-4 py-16 text-center">
      <p className="text-sm font-semibold text-indigo-700 dark:text-indigo-300">403</p>
      <h1 className="mt-2 text-2xl font-semibold">You can only view your own sleep</h1>
      <p className="mt-3 text-slate-600 dark:text-slate-300">
        This page belongs to someone else. Open your own sign-in link to see your nights.
      </p>
      <Link href="/" className="mt-6 inline-block font-medium text-indigo-700 hover:underline dark:text-indigo-300">
        Go to my sleep
      </Link>
    </main>
  );
}
