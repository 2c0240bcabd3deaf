// TEMPORARY scaffold, replaced by the stage that owns this command.
import type { Command } from 'commander';

export function register(program: Command): void {
  program.command('summarize').description('(being built)').action(() => {
    throw new Error('summarize: not built yet');
  });
}
