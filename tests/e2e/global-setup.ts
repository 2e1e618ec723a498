/** Fails the run up front, with the fix, when no Chromium can be found (never a silent skip). */
import fs from "node:fs";

import { chromium } from "@playwright/test";

import { chromiumPath } from "./e2e-env";

export default function globalSetup(): void {
  if (chromiumPath()) return;
  if (fs.existsSync(chromium.executablePath())) return;
  throw new Error(
    "No Chromium for the end-to-end tests. Install Debian's: `sudo apt-get install chromium` " +
      "(or set CHROMIUM_PATH to a Chromium/Chrome binary).",
  );
}
