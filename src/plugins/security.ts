import fp from 'fastify-plugin';
import helmet from '@fastify/helmet';

/**
 * Security headers: a strict Content-Security-Policy (no inline scripts or styles), nosniff,
 * a strict referrer policy, no framing. Pages are not cached by shared caches.
 */
export default fp(
  async (app) => {
    await app.register(helmet, {
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", 'data:'],
          fontSrc: ["'self'"],
          connectSrc: ["'self'"],
          formAction: ["'self'"],
          objectSrc: ["'none'"],
          baseUri: ["'none'"],
          frameAncestors: ["'none'"],
        },
      },
      crossOriginEmbedderPolicy: false,
      referrerPolicy: { policy: 'same-origin' },
      strictTransportSecurity: app.zvit.config.secure ? { maxAge: 31536000, includeSubDomains: false } : false,
    });
    app.addHook('onSend', async (request, reply, payload) => {
      if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
      return payload;
    });
  },
  { name: 'zvit-security', dependencies: ['zvit-context'] },
);
