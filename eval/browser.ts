// One way for tests to drive a real browser: Debian's Chromium (apt-get install -y chromium) through
// playwright-core, which downloads no browser of its own. Tests call launchChromium() and skip with the
// returned reason when Chromium is absent; .ci/run installs it and sets STORYLINE_REQUIRE_BROWSER=1, so
// there a missing browser fails instead of skipping.
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM_PATH = process.env.STORYLINE_CHROMIUM ?? '/usr/bin/chromium';

/** Flags for a closed network: without the background-networking ones Chromium keeps dialling Google's hosts. */
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** A headless Chromium, or the reason a test should skip (a string) when the browser is not installed. */
export async function launchChromium(): Promise<Browser | string> {
  if (!existsSync(CHROMIUM_PATH)) {
    const reason = `Chromium not found at ${CHROMIUM_PATH} (apt-get install -y chromium)`;
    if (process.env.STORYLINE_REQUIRE_BROWSER) throw new Error(`${reason}; STORYLINE_REQUIRE_BROWSER is set`);
    return reason;
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
}
