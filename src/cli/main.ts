// The `storyline` command: one subcommand per file in ./commands, registered here.
import { Command } from 'commander';
import { failBadInput } from './io.ts';
import { registerCommands } from './commands/index.ts';
import { loadConfig } from '../config.ts';
import { damagedDatabaseError } from '../store/sqlite/damaged.ts';

/** A damaged SQLite file met after opening (a damaged page read later) is named like one met on open. */
function named(err: unknown): unknown {
  try {
    const config = loadConfig();
    return config.databaseUrl ? err : (damagedDatabaseError(err, config.dbPath) ?? err);
  } catch {
    return err;
  }
}

// A closed pipe (`storyline … | head`) is a normal end of output, not a crash.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});

const program = new Command();
program.name('storyline').description('Self-hosted news intelligence: feeds in, stories and cited briefs out, fully offline.').showHelpAfterError();
program.exitOverride();
registerCommands(program);

try {
  await program.parseAsync(process.argv);
} catch (err) {
  const code = (err as { code?: string }).code;
  if (code === 'commander.helpDisplayed' || code === 'commander.version' || code === 'commander.help') process.exit(0);
  if (typeof code === 'string' && code.startsWith('commander.')) process.exit(2);
  failBadInput(named(err));
}
