// TEMPORARY scaffold, replaced by the stage that owns this command.
import type { Command } from 'commander';

export function register(program: Command): void {
  program.command('brief').description('(being built)').action(() => {
    throw new Error('brief: not built yet');
  });
}
