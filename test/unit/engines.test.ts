import fs from 'node:fs';
import semver from 'semver';
import { describe, expect, it } from 'vitest';

// `npm ci` warns EBADENGINE when an installed package asks for a Node.js that the project's own
// `engines` allows but the package does not support. Every version of Node.js we promise must be
// one that every locked package accepts.
describe('the locked packages and the Node.js versions we promise', () => {
  const ours = (JSON.parse(fs.readFileSync('package.json', 'utf8')) as { engines: { node: string } }).engines.node;
  const lock = JSON.parse(fs.readFileSync('package-lock.json', 'utf8')) as { packages: Record<string, { version?: string; engines?: { node?: string } | string[]; optional?: boolean }> };

  it('promises a valid range that includes the Node.js running the tests', () => {
    expect(semver.validRange(ours)).not.toBeNull();
    expect(semver.satisfies(process.version, ours)).toBe(true);
  });

  it('installs no package that refuses a Node.js version we promise', () => {
    const refusing: string[] = [];
    for (const [where, pkg] of Object.entries(lock.packages)) {
      if (!where || pkg.optional) continue;
      const node = Array.isArray(pkg.engines) ? undefined : pkg.engines?.node;
      if (!node) continue;
      if (!semver.subset(ours, node, { includePrerelease: false })) refusing.push(`${where.replace(/^.*node_modules\//, '')}@${pkg.version} wants node ${node}`);
    }
    expect(refusing).toEqual([]);
  });
});
