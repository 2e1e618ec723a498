// @ts-check
/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // forbidden() and app/forbidden.tsx: a viewer opening another user's page gets a real 403.
  experimental: { authInterrupts: true },
  // `npm test` type-checks the whole project (tsc) before anything builds;
  // skipping Next's second pass keeps `npm start`'s first build short.
  typescript: { ignoreBuildErrors: true },
  // Native and Node-only packages are loaded at run time, not bundled.
  serverExternalPackages: ["better-sqlite3", "@prisma/adapter-better-sqlite3", "pino", "socket.io"],
};

module.exports = nextConfig;
