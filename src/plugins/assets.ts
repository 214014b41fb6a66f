import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { ROOT } from '../paths.ts';
import zlib from 'node:zlib';
import fp from 'fastify-plugin';

/**
 * Static assets, read into memory once at start and served with a content hash in the URL, so
 * that browsers may cache them for a year. Only the files listed here are served.
 */

const require = createRequire(import.meta.url);
const PUBLIC_DIR = path.join(ROOT, 'public');

const FILES: Record<string, { file: string; type: string }> = {
  'styles.css': { file: path.join(PUBLIC_DIR, 'styles.css'), type: 'text/css; charset=utf-8' },
  'app.js': { file: path.join(PUBLIC_DIR, 'app.js'), type: 'text/javascript; charset=utf-8' },
  'htmx.min.js': { file: require.resolve('htmx.org/dist/htmx.min.js'), type: 'text/javascript; charset=utf-8' },
  'favicon.svg': { file: path.join(PUBLIC_DIR, 'favicon.svg'), type: 'image/svg+xml' },
};

interface Asset {
  body: Buffer;
  type: string;
  hash: string;
  /** Compressed once, on the first request that takes the encoding. */
  br?: Buffer;
  gzip?: Buffer;
}

/** The encoding to send an asset in: Brotli or gzip when the browser takes it (and not with q=0). */
export function chooseEncoding(acceptEncoding: string | undefined): 'br' | 'gzip' | null {
  const offered = new Set(
    (acceptEncoding ?? '')
      .split(',')
      .map((part) => part.trim().toLowerCase().split(';'))
      .filter(([, q]) => !q || !/^\s*q\s*=\s*0(\.0*)?\s*$/.test(q))
      .map(([name]) => name),
  );
  return offered.has('br') ? 'br' : offered.has('gzip') ? 'gzip' : null;
}

function encoded(asset: Asset, encoding: 'br' | 'gzip'): Buffer {
  if (encoding === 'br') return (asset.br ??= zlib.brotliCompressSync(asset.body, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }));
  return (asset.gzip ??= zlib.gzipSync(asset.body, { level: 9 }));
}

const assets = new Map<string, Asset>();
for (const [name, { file, type }] of Object.entries(FILES)) {
  const body = fs.readFileSync(file);
  assets.set(name, { body, type, hash: crypto.createHash('sha256').update(body).digest('hex').slice(0, 12) });
}

/** The URL of an asset, with its content hash for cache busting. */
export function assetUrl(name: keyof typeof FILES): string {
  const a = assets.get(name);
  if (!a) throw new Error(`Unknown asset ${name}`);
  return `/assets/${name}?v=${a.hash}`;
}

export default fp(
  async (app) => {
    app.get<{ Params: { name: string } }>('/assets/:name', { config: { permission: 'public' }, schema: { hide: true }, compress: false }, async (request, reply) => {
      const asset = assets.get(request.params.name);
      if (!asset) return reply.callNotFound();
      reply.header('content-type', asset.type);
      reply.header('cache-control', 'public, max-age=31536000, immutable');
      reply.header('etag', `"${asset.hash}"`);
      reply.header('vary', 'accept-encoding');
      if (request.headers['if-none-match'] === `"${asset.hash}"`) return reply.code(304).send();
      const encoding = asset.type.startsWith('image/') && !asset.type.includes('svg') ? null : chooseEncoding(request.headers['accept-encoding']);
      if (!encoding) return reply.send(asset.body);
      reply.header('content-encoding', encoding);
      return reply.send(encoded(asset, encoding));
    });
    app.get('/favicon.ico', { config: { permission: 'public' }, schema: { hide: true } }, async (_request, reply) => reply.redirect(assetUrl('favicon.svg'), 301));
  },
  { name: 'zvit-assets' },
);
