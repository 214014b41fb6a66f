import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from '../../paths.ts';
import { hash, verify, type Algorithm } from '@node-rs/argon2';
import { checkPassword, type PasswordProblem } from '../../domain/passwords.ts';

/** Credentials: password hashing (argon2id), the common-password list, generated secrets. */

let common: Set<string> | null = null;

/** The 10,000 most common passwords (common-passwords.README.md), read once. */
export function commonPasswords(): ReadonlySet<string> {
  if (!common) {
    const file = path.join(ROOT, 'src/features/users/common-passwords.txt');
    common = new Set(
      fs
        .readFileSync(file, 'utf8')
        .split(/\r?\n/)
        .map((l) => l.trim().toLocaleLowerCase('uk'))
        .filter(Boolean),
    );
  }
  return common;
}

/** Why a new password is refused, or null when it is fine. */
export function newPasswordProblem(password: string, email?: string): PasswordProblem | null {
  return checkPassword(password, { common: commonPasswords(), email });
}

export interface PasswordHashCost {
  memoryCost: number;
  timeCost: number;
}

/** argon2id with the configured cost (lowered in tests that create many users). */
export async function hashPassword(password: string, cost: PasswordHashCost): Promise<string> {
  return hash(password, { algorithm: ARGON2ID, memoryCost: cost.memoryCost, timeCost: cost.timeCost, parallelism: 1 });
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

// @node-rs/argon2's Algorithm is a const enum, which isolated modules cannot read: Argon2id = 2.
const ARGON2ID = 2 as Algorithm;

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** A TOTP shared secret: 160 random bits in base32 (RFC 4226 recommends at least 128). */
export function generateTotpSecret(): string {
  const bytes = crypto.randomBytes(20);
  let bits = 0;
  let value = 0;
  let out = '';
  for (const b of bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += BASE32[(value << (5 - bits)) & 31];
  return out;
}

/** A password of 20 characters from an unambiguous alphabet (about 115 bits). */
export function generatePassword(): string {
  const alphabet = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  let out = '';
  while (out.length < 20) {
    const byte = crypto.randomBytes(1)[0]!;
    if (byte < 256 - (256 % alphabet.length)) out += alphabet[byte % alphabet.length];
  }
  return out;
}

