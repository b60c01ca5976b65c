import { randomUUID } from 'node:crypto';
import { and, asc, eq, isNull } from 'drizzle-orm';
import { apiKeyMatchesHash, apiKeyPrefix, generateApiKey, hashApiKey } from './api-keys';
import type { MeteringContext } from './metering-context';
import { MeteringInputError } from './metering-input-error';
import { apiKeys, users } from './schema';
import type { CreateUserInput, User } from './types';

const usernamePattern = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/;

function checkQuota(name: string, value: number | null | undefined, integer: boolean): number | null {
  if (value === undefined || value === null) return null;
  if (
    typeof value !== 'number' ||
    !Number.isFinite(value) ||
    value < 0 ||
    (integer && !Number.isInteger(value))
  ) {
    throw new MeteringInputError(
      'invalid',
      `${name} must be a ${integer ? 'whole number' : 'number'} of at least 0, or left out for no limit.`,
    );
  }
  return value;
}

function newKeyRow(userId: string, now: number) {
  const apiKey = generateApiKey();
  return {
    apiKey,
    row: {
      id: `key_${randomUUID()}`,
      userId,
      prefix: apiKeyPrefix(apiKey),
      hash: hashApiKey(apiKey),
      createdAt: now,
      revokedAt: null,
    },
  };
}

/** Creates a user and their first key; the key is returned once and stored only as a hash. */
export async function createUser(
  context: MeteringContext,
  input: CreateUserInput,
): Promise<{ user: User; apiKey: string }> {
  const username = typeof input.username === 'string' ? input.username.trim() : '';
  if (!usernamePattern.test(username)) {
    throw new MeteringInputError(
      'invalid',
      'username must be 1 to 64 characters: letters, digits, ".", "_", "@" or "-", starting with a letter or digit.',
    );
  }
  const email = input.email ?? null;
  if (email !== null && (typeof email !== 'string' || !/^[^\s@]+@[^\s@]+$/.test(email))) {
    throw new MeteringInputError('invalid', 'email must look like name@example.com, or be left out.');
  }
  const user: User = {
    id: `usr_${randomUUID()}`,
    username,
    email,
    createdAt: context.now(),
    disabledAt: null,
    quotaRequests: checkQuota('quota_requests', input.quotaRequests, true),
    quotaTokens: checkQuota('quota_tokens', input.quotaTokens, true),
    quotaCost: checkQuota('quota_cost', input.quotaCost, false),
  };
  const existing = await context.db.select({ id: users.id }).from(users).where(eq(users.username, username));
  if (existing.length > 0) {
    throw new MeteringInputError(
      'conflict',
      `A user named "${username}" already exists; choose another username.`,
    );
  }
  const key = newKeyRow(user.id, user.createdAt);
  try {
    await context.db.batch([
      context.db.insert(users).values(user),
      context.db.insert(apiKeys).values(key.row),
    ]);
  } catch (error) {
    if (String(error).includes('UNIQUE')) {
      throw new MeteringInputError(
        'conflict',
        `A user named "${username}" already exists; choose another username.`,
      );
    }
    throw error;
  }
  return { user, apiKey: key.apiKey };
}

export async function listUsers(context: MeteringContext): Promise<User[]> {
  return context.db.select().from(users).orderBy(asc(users.createdAt), asc(users.username));
}

export async function getUser(context: MeteringContext, userId: string): Promise<User | null> {
  const [user] = await context.db.select().from(users).where(eq(users.id, userId));
  return user ?? null;
}

/** Disables a user (their keys stop working at once); `null` when there is no such user. */
export async function disableUser(context: MeteringContext, userId: string): Promise<User | null> {
  const [user] = await context.db
    .update(users)
    .set({ disabledAt: context.now() })
    .where(and(eq(users.id, userId), isNull(users.disabledAt)))
    .returning();
  return user ?? getUser(context, userId);
}

/** Revokes the user's keys and issues a new one, returned once. */
export async function rotateKey(
  context: MeteringContext,
  userId: string,
): Promise<{ user: User; apiKey: string } | null> {
  const user = await getUser(context, userId);
  if (!user) return null;
  const now = context.now();
  const key = newKeyRow(userId, now);
  await context.db.batch([
    context.db
      .update(apiKeys)
      .set({ revokedAt: now })
      .where(and(eq(apiKeys.userId, userId), isNull(apiKeys.revokedAt))),
    context.db.insert(apiKeys).values(key.row),
  ]);
  return { user, apiKey: key.apiKey };
}

/** The active user owning `apiKey`, or `null`. */
export async function authenticate(context: MeteringContext, apiKey: string): Promise<User | null> {
  if (typeof apiKey !== 'string' || !apiKey.startsWith('ccp_') || apiKey.length > 256) return null;
  const candidates = await context.db
    .select({ hash: apiKeys.hash, user: users })
    .from(apiKeys)
    .innerJoin(users, eq(users.id, apiKeys.userId))
    .where(
      and(eq(apiKeys.prefix, apiKeyPrefix(apiKey)), isNull(apiKeys.revokedAt), isNull(users.disabledAt)),
    );
  let found: User | null = null;
  // Compare against every candidate so the time taken does not depend on which one matched.
  for (const candidate of candidates) {
    if (apiKeyMatchesHash(apiKey, candidate.hash)) found = candidate.user;
  }
  return found;
}
