#!/usr/bin/env node
// Runs the TypeScript sources through tsx's loader, so `npx storyline` works right after `npm ci`
// with no separate build step (the CLI, the server and the tests all run the same source files).
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
