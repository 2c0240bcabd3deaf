// `storyline token create --name NAME`: a new API token, printed once. Reader apps sign in with the name as
// username and the token as password; the JSON API takes it as `Authorization: Bearer <token>`. Only its
// hash is stored, so a lost token is replaced by creating another (several per name are fine: one per app).
import type { Command } from 'commander';
import { loadConfig } from '../../config.ts';
import { openStore } from '../../store/open.ts';
import { createToken } from '../../server/auth.ts';
import { writeLine } from '../io.ts';

export function register(program: Command): void {
  const token = program.command('token').description('API tokens for reader apps and the JSON API');
  token
    .command('create')
    .description('create a token and print it (it is not shown again)')
    .requiredOption('--name <name>', 'account name: the username in a reader app; read and starred state are kept per name')
    .option('--json', 'print {name, token} as JSON')
    .action(async (o: { name: string; json?: boolean }) => {
      const store = await openStore(loadConfig());
      try {
        const t = await createToken(store, o.name.trim());
        if (o.json) writeLine(t);
        else process.stdout.write(`${t.token}\n`);
        if (!o.json && process.stderr.isTTY) process.stderr.write(`token for "${t.name}" created; it is shown only this once\n`);
      } finally {
        await store.close();
      }
    });
}
