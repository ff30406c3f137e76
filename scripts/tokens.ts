/**
 * `pnpm tokens`: issues, revokes and lists the bearer tokens the gateway accepts
 * (docs/security.md).
 *
 *   pnpm tokens issue --role researcher|writer|admin [--subgraph units] [--province 40]
 *                    [--expires 30d] [--subject name]
 *   pnpm tokens revoke <token id | token>
 *   pnpm tokens list
 *
 * `issue` prints what it granted on stderr and the token alone on the last line of stdout, so
 * scripts can take it with `| tail -n 1`. Keys: TOKEN_ISSUER_PRIVATE_KEY, else (development) the
 * key pair generated once in DATA_DIR/keys, which a local gateway trusts. Where the registry and
 * revocations go is decided by connectGatewayAdmin (a running local gateway, GATEWAY_URL, or the
 * gateway's database and Redis).
 */
import { parseArgs } from 'node:util';
// The root package has no dependencies of its own; the scripts reach the gateway's code directly.
import {
  connectGatewayAdmin,
  issuerPrivateKeyFromEnv,
  issueToken,
  revocationTarget,
  tokenIssuerFromEnv,
} from '../gateway/src/security/index.ts';
import { dataRootFromEnv } from '../shared/db/src/databaseConfigFromEnv.ts';
import { isRole } from '../shared/identity/src/index.ts';

const dataRoot = dataRootFromEnv(process.env);
const usage =
  'usage: pnpm tokens issue --role researcher|writer|admin [--subgraph S] [--province P] [--expires 30d] [--subject NAME]\n' +
  '       pnpm tokens revoke <token id | token>\n' +
  '       pnpm tokens list';

async function issue(args: string[]) {
  const { values } = parseArgs({
    args,
    options: {
      role: { type: 'string' },
      subgraph: { type: 'string' },
      province: { type: 'string' },
      expires: { type: 'string', default: '30d' },
      subject: { type: 'string' },
    },
  });
  const role = values.role;
  if (!isRole(role) || role === 'anonymous') throw new Error(usage);
  const subject = values.subject ?? `local-${role}${values.subgraph ? `-${values.subgraph}` : ''}`;
  const issued = await issueToken({
    role,
    subject,
    subgraph: values.subgraph,
    province: values.province,
    expiresIn: values.expires,
    ...tokenIssuerFromEnv(process.env),
    privateKey: await issuerPrivateKeyFromEnv(process.env, dataRoot),
  });
  const admin = await connectGatewayAdmin(process.env, dataRoot);
  try {
    await admin.recordIssued({
      id: issued.id,
      subject,
      role,
      subgraph: values.subgraph ?? null,
      province: values.province ?? null,
      scopes: issued.scopes,
      issuedAt: issued.issuedAt.toISOString(),
      expiresAt: issued.expiresAt.toISOString(),
    });
    console.error(
      `Issued ${role} token ${issued.id} (scopes: ${issued.scopes.join(' ')}) until ${issued.expiresAt.toISOString()}, recorded in ${admin.describe}.`,
    );
  } catch (error) {
    // The token is valid either way; say plainly that it is missing from the registry.
    console.error(
      `Issued token ${issued.id}, but could not record it: ${(error as Error).message}`,
    );
  } finally {
    await admin.close();
  }
  console.log(issued.token);
}

async function revoke(args: string[]) {
  const [target] = args;
  if (!target) throw new Error(usage);
  const { id, expiresAt } = revocationTarget(target);
  const admin = await connectGatewayAdmin(process.env, dataRoot);
  try {
    const until = await admin.revoke(id, expiresAt);
    console.log(`Revoked ${id} (kept until ${until.toISOString()}) in ${admin.describe}.`);
  } finally {
    await admin.close();
  }
}

async function list() {
  const admin = await connectGatewayAdmin(process.env, dataRoot);
  try {
    const tokens = await admin.list();
    console.table(
      tokens.map((token) => ({
        id: token.id,
        subject: token.subject,
        role: token.role,
        subgraph: token.subgraph ?? '',
        province: token.province ?? '',
        expires: token.expiresAt,
        revoked: token.revokedAt ?? '',
      })),
    );
  } finally {
    await admin.close();
  }
}

const [command, ...rest] = process.argv.slice(2);
try {
  if (command === 'issue') await issue(rest);
  else if (command === 'revoke') await revoke(rest);
  else if (command === 'list') await list();
  else throw new Error(usage);
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}
