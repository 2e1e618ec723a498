/** Fails the cluster suite up front, naming what is missing, and builds the app once for both instances. */
import { ensureBuilt } from "../support/server-process";
import { missingPart } from "./harness";

export default function globalSetup(): void {
  const missing = missingPart();
  if (missing) throw new Error(`The cluster tests need ${missing}; .ci/run installs it (apt-get install nginx-light redis-server).`);
  ensureBuilt();
}
