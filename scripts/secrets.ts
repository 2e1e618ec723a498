/**
 * `npm run secrets`: prints a fresh set of Nocturne's shared secrets as
 * dotenv lines, for a cluster's environment or `.env.local` (the same values
 * on every instance). Prints; never writes a file.
 */
import { generateSecrets } from "../lib/local-env";

for (const [name, value] of Object.entries(generateSecrets())) console.log(`${name}=${value}`);
