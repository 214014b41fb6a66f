import zlib from 'node:zlib';
import compress from '@fastify/compress';
import fp from 'fastify-plugin';

/**
 * Pages and JSON compressed with Brotli (quality 4) or gzip, whichever the browser takes: a
 * community on a slow line gets the consolidation page in about a tenth of its bytes. Assets are
 * compressed once, by the assets plugin. Request bodies are never decompressed (nothing sends
 * them compressed, and it would be a way round the body limits).
 *
 * Against BREACH (a secret guessed from the sizes of compressed responses that also carry text an
 * attacker chose): the CSRF token is masked afresh in every page (`maskToken`), and the pages of
 * signing in and of one's account (a TOTP secret, recovery codes) are sent uncompressed.
 */
export const UNCOMPRESSED_PREFIXES = ['/login', '/account', '/invitation', '/password-reset'];

export default fp(
  async (app) => {
    app.addHook('onRequest', async (request) => {
      const url = request.url;
      if (UNCOMPRESSED_PREFIXES.some((p) => url === p || url.startsWith(`${p}/`) || url.startsWith(`${p}?`))) request.headers['x-no-compression'] = '1';
    });
    await app.register(compress, {
      global: true,
      globalDecompression: false,
      threshold: 1024,
      encodings: ['br', 'gzip'],
      // A page is compressed in one call, not through a zlib stream per response: the stream's
      // context cost more than the compressing (the plan page 3.4 → 11.7 ms of CPU, resident
      // memory 241 → 477 MB in the bench). Up to 4 MB, which every page is far below.
      syncThreshold: 4 * 1024 * 1024,
      // Brotli's quality 4 (the plugin's default), with a 1 MB window instead of 4 MB.
      brotliOptions: { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 4, [zlib.constants.BROTLI_PARAM_LGWIN]: 20, [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT } },
      zlibOptions: { level: 5 },
    });
  },
  { name: 'zvit-compression' },
);
