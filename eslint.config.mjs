import next from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

const config = [
  ...next,
  ...nextTs,
  { ignores: ["lib/store/generated/**", ".next/**", "data/**", "test-results/**", "bench/results/**", "next-env.d.ts"] },
];

export default config;
